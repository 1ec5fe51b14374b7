// The tamper-evident parts of the approval gate, as pure functions (no database, no key):
// - an action's content hash: SHA-256 over the canonical JSON of what would run (type, target,
//   environment, blast radius, payload), set at submission; decisions are bound to it;
// - an audit entry's hash: SHA-256 over the canonical JSON of the entry's fields, the content hash
//   it is bound to and the previous entry's hash (one chain per action).
// Canonical JSON: object keys sorted by code point at every level, no whitespace, JSON.stringify's
// numbers and string escapes; dates as ISO-8601 UTC with milliseconds. An auditor recomputes both
// hashes from the rows and checks each signature with the published key (README "Audit chain").
import { createHash } from 'node:crypto';

/** The canonical JSON of a JSON value: sorted keys, no whitespace (undefined members dropped). */
export function canonicalJson(value: unknown): string {
  // Iterative over an explicit stack: payloads are client JSON (at most 64 levels, but no recursion anyway).
  const out: string[] = [];
  const stack: Array<{ value: unknown } | { text: string }> = [{ value }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if ('text' in item) {
      out.push(item.text);
      continue;
    }
    const current = item.value;
    if (current === null || typeof current !== 'object') {
      out.push(current === undefined ? 'null' : JSON.stringify(current));
      continue;
    }
    const parts: Array<{ value: unknown } | { text: string }> = [];
    if (Array.isArray(current)) {
      parts.push({ text: '[' });
      current.forEach((child, i) => parts.push(...(i > 0 ? [{ text: ',' }] : []), { value: child }));
      parts.push({ text: ']' });
    } else {
      const keys = Object.keys(current)
        .filter((key) => (current as Record<string, unknown>)[key] !== undefined)
        .sort();
      parts.push({ text: '{' });
      keys.forEach((key, i) => parts.push({ text: `${i > 0 ? ',' : ''}${JSON.stringify(key)}:` }, { value: (current as Record<string, unknown>)[key] }));
      parts.push({ text: '}' });
    }
    for (let i = parts.length - 1; i >= 0; i -= 1) stack.push(parts[i]!);
  }
  return out.join('');
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** What an action would do: the fields its content hash covers. */
export interface ActionContent {
  actionType: string;
  target: string | null;
  environment: string;
  targetCount: number;
  payload: unknown;
}

export function contentHashOf(content: ActionContent): string {
  return sha256Hex(
    canonicalJson({
      actionType: content.actionType,
      target: content.target ?? null,
      environment: content.environment,
      targetCount: content.targetCount,
      payload: content.payload ?? null,
    }),
  );
}

/** The content fields of two versions of an action that differ (for a CONFLICT message). */
export function changedContentFields(hashedContent: ActionContent, current: ActionContent): string[] {
  const fields: Array<keyof ActionContent> = ['actionType', 'target', 'environment', 'targetCount', 'payload'];
  return fields.filter((field) => canonicalJson(hashedContent[field] ?? null) !== canonicalJson(current[field] ?? null));
}

/** The fields of an audit entry its hash covers (besides prevHash). */
export interface AuditFields {
  actionId: string;
  at: Date;
  actor: string;
  onBehalfOf: string | null;
  delegationId: string | null;
  fromStatus: string | null;
  toStatus: string;
  comment: string | null;
  /** The action's content hash the entry is bound to (null for actions from before content hashes). */
  contentHash: string | null;
}

/** Version of the canonical entry form: bumped if the covered fields ever change. */
export const AUDIT_HASH_VERSION = 1;

export function auditEntryHash(entry: AuditFields, prevHash: string | null): string {
  return sha256Hex(
    canonicalJson({
      v: AUDIT_HASH_VERSION,
      actionId: entry.actionId,
      at: entry.at.toISOString(),
      actor: entry.actor,
      onBehalfOf: entry.onBehalfOf ?? null,
      delegationId: entry.delegationId ?? null,
      fromStatus: entry.fromStatus ?? null,
      toStatus: entry.toStatus,
      comment: entry.comment ?? null,
      contentHash: entry.contentHash ?? null,
      prevHash: prevHash ?? null,
    }),
  );
}

/** "eddie", or "eddie on behalf of ada (delegation DLG-…)": who acted, in words. */
export function actorLabel(entry: { actor: string; onBehalfOf: string | null; delegationId: string | null }): string {
  if (!entry.onBehalfOf) return entry.actor;
  return `${entry.actor} on behalf of ${entry.onBehalfOf}${entry.delegationId ? ` (delegation ${entry.delegationId})` : ''}`;
}
