// Verifies an action's audit trail as an auditor would (README "Audit chain"): its content still
// hashes to the sealed contentHash; every hashed entry links to the one before (the first to
// null), recomputes to its stored hash, is bound to the action's content hash and carries a valid
// signature by this server's key; the trail ends in the action's current status. Entries written
// before the chain existed (null hash) are counted as legacy when they come first; an unhashed
// entry after the chain started is a problem. The first problem found is reported.
import type { AuditEntry, AutoAction } from '../../generated/prisma/client.js';
import type { Runtime } from '../../runtime.js';
import { auditEntryHash, contentHashOf } from './audit-chain.js';
import { auditSigner, type AuditSigner } from './audit-key.js';

export interface AuditIntegrity {
  valid: boolean;
  /** Entries in the trail (legacy ones included). */
  entries: number;
  /** Entries from before the chain (no hash), at its start. */
  legacyEntries: number;
  /** Hash of the newest hashed entry: an auditor who noted it can tell later whether entries were added or removed. */
  chainHead: string | null;
  /** The first entry that fails a check (null when the trail is valid or the problem is the action's content). */
  firstInvalidEntry: AuditEntry | null;
  /** What is wrong, in words (null when valid). */
  problem: string | null;
  /** The id of the key the entries must be signed with (this server's). */
  keyId: string;
}

function entryProblem(entry: AuditEntry, expectedPrev: string | null, sealed: string | null, signer: AuditSigner): string | null {
  if (entry.prevHash !== expectedPrev) return `entry ${entry.id} links to ${entry.prevHash ?? 'nothing'}, not to the entry before it (${expectedPrev ?? 'the start of the chain'}): an entry was removed, inserted or reordered`;
  const recomputed = auditEntryHash(entry, entry.prevHash);
  if (recomputed !== entry.hash) return `entry ${entry.id} was altered: its fields hash to ${recomputed}, not the stored ${entry.hash}`;
  if (entry.contentHash !== sealed) return `entry ${entry.id} is bound to content ${entry.contentHash ?? 'none'}, not the action's ${sealed ?? 'none'}`;
  if (entry.keyId !== signer.keyId) return `entry ${entry.id} is signed by key ${entry.keyId}, not this server's key ${signer.keyId} (replicas must share AUDIT_SIGNING_KEY)`;
  if (!entry.signature || !signer.verify(entry.hash!, entry.signature)) return `entry ${entry.id} has no valid signature over its hash`;
  return null;
}

/** The verdicts for these actions, read in one batch (the action rows and their trails); keyed by action id. */
export async function verifyAuditTrails(rt: Runtime, actionIds: readonly string[]): Promise<Array<AuditIntegrity & { actionId: string }>> {
  const signer = await auditSigner(rt.config);
  const actions = await rt.db.autoAction.findMany({ where: { id: { in: [...actionIds] } }, include: { auditTrail: { orderBy: { id: 'asc' } } } });
  return actions.map((action) => ({ actionId: action.id, ...verifyTrail(action, action.auditTrail, signer) }));
}

function verifyTrail(action: AutoAction, trail: AuditEntry[], signer: AuditSigner): AuditIntegrity {
  const result: AuditIntegrity = { valid: true, entries: trail.length, legacyEntries: 0, chainHead: null, firstInvalidEntry: null, problem: null, keyId: signer.keyId };
  const fail = (problem: string, entry: AuditEntry | null = null): AuditIntegrity => ({ ...result, valid: false, problem, firstInvalidEntry: entry });
  const current = contentHashOf(action);
  if (action.contentHash && current !== action.contentHash) {
    return fail(`the action's content changed after submission: it hashes to ${current}, not the sealed ${action.contentHash}`);
  }
  let head: string | null = null;
  let chained = false;
  for (const entry of trail) {
    if (!entry.hash) {
      if (chained) return fail(`entry ${entry.id} has no hash although the chain started before it: it was inserted outside the gate`, entry);
      result.legacyEntries += 1;
      continue;
    }
    chained = true;
    const problem = entryProblem(entry, head, action.contentHash, signer);
    if (problem) return fail(problem, entry);
    head = entry.hash;
    result.chainHead = head;
  }
  const last = trail.at(-1);
  if (last && last.toStatus !== action.status) {
    return fail(`the trail ends in ${last.toStatus} but the action is ${action.status}: entries were removed, or the status changed outside the gate`, last);
  }
  return result;
}
