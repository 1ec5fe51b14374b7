// The log of autonomous actions: every transition of an AutoAction leaves an audit entry, and the
// auto-processing cycle records each of its steps as an AUTO_DONE action. Both run inside the
// caller's transaction, so the record commits (or rolls back) with the change it reports. Used by
// the approval workflow (submit, decide, extend, escalate, expire) and by the cycle.
//
// Each action's trail is a hash chain: an entry's hash covers its fields, the action's content hash
// and the previous entry's hash, and is signed with the server's key (audit-chain.ts, audit-key.ts).
// The chain stays linear because every caller appends only while holding the action's row lock (a
// conditional UPDATE or SELECT … FOR UPDATE earlier in the same transaction, or a row it just
// inserted), and the chain head is read here, after that lock.
import { Prisma } from '../../generated/prisma/client.js';
import type { ActionStatus, Environment } from '../../generated/prisma/enums.js';
import type { Config } from '../../config.js';
import { publicId } from '../../db/ids.js';
import { utc } from '../../db/sql-timestamp.js';
import { auditEntryHash, contentHashOf, type AuditFields } from './audit-chain.js';
import { auditSigner, type AuditSigner } from './audit-key.js';
import { activePolicyVersion } from './stored-policies.js';

type Tx = Prisma.TransactionClient;
type Signing = { config: Pick<Config, 'auditSigningKey' | 'dataDir'> };

export interface AuditRecord {
  actionId: string;
  actor: string;
  /** The delegator, when the actor acted on their behalf. */
  onBehalfOf?: string | null;
  delegationId?: string | null;
  /** Null for the creation. */
  fromStatus: ActionStatus | null;
  toStatus: ActionStatus;
  comment?: string | null;
  at: Date;
  /** The action's content hash (what a decision approved); null only for actions from before content hashes. */
  contentHash: string | null;
}

/** Appends one transition to an action's audit trail (append-only, chained and signed). */
export async function appendAudit(rt: Signing, tx: Tx, entry: AuditRecord): Promise<void> {
  await appendAuditMany(rt, tx, [entry]);
}

/**
 * Appends entries (any actions, in order) in one insert: the heads of their chains are read once,
 * after the caller's row locks; `heads` may say they are known (new actions: no entries yet).
 */
export async function appendAuditMany(rt: Signing, tx: Tx, entries: AuditRecord[], heads?: Map<string, string | null>): Promise<void> {
  if (entries.length === 0) return;
  const signer = await auditSigner(rt.config);
  const chain = heads ?? (await chainHeads(tx, [...new Set(entries.map((entry) => entry.actionId))]));
  const data = entries.map((entry) => {
    const sealed = sealEntry(signer, entry, chain.get(entry.actionId) ?? null);
    chain.set(entry.actionId, sealed.hash);
    return sealed;
  });
  await tx.auditEntry.createMany({ data });
}

/** An audit row as stored: its fields, the link to the previous entry, its hash and signature. */
function sealEntry(signer: AuditSigner, entry: AuditRecord, prevHash: string | null) {
  const fields: AuditFields = {
    actionId: entry.actionId,
    at: entry.at,
    actor: entry.actor,
    onBehalfOf: entry.onBehalfOf ?? null,
    delegationId: entry.delegationId ?? null,
    fromStatus: entry.fromStatus,
    toStatus: entry.toStatus,
    comment: entry.comment ?? null,
    contentHash: entry.contentHash,
  };
  const hash = auditEntryHash(fields, prevHash);
  return { ...fields, fromStatus: entry.fromStatus, toStatus: entry.toStatus, prevHash, hash, signature: signer.sign(hash), keyId: signer.keyId };
}

/** The hash of each action's newest entry (null when it has none, or only entries from before the chain). */
async function chainHeads(tx: Tx, actionIds: string[]): Promise<Map<string, string | null>> {
  const rows = await tx.$queryRaw<Array<{ actionId: string; hash: string | null }>>`
    SELECT DISTINCT ON ("actionId") "actionId", "hash" FROM "AuditEntry"
    WHERE "actionId" IN (${Prisma.join(actionIds)})
    ORDER BY "actionId", "id" DESC`;
  return new Map(rows.map((row) => [row.actionId, row.hash]));
}

export interface AutoDoneRecord {
  actionType: string;
  description: string;
  target: string;
  result: unknown;
  /** Idempotency key, e.g. "assign:SR-…": a second record with the same key is not written. */
  sourceKey: string;
  cycleRunId?: string;
  actor: string;
  environment?: Environment;
}

/**
 * Records steps of the auto-processing cycle as AUTO_DONE actions with their audit entries, inside
 * the caller's transaction (the cycle records a page of acts per transaction): one policy read and
 * one statement for the whole page — the actions and their audit entries, as columns of arrays
 * (a statement's cost does not grow with its parameters' count, as a row-by-row insert's would).
 * Idempotent by `sourceKey` (ON CONFLICT DO NOTHING, so the caller's transaction is not aborted on
 * PostgreSQL): returns the sourceKeys actually recorded.
 */
export async function recordAutoDoneMany(rt: Signing, tx: Tx, inputs: AutoDoneRecord[], now: Date): Promise<Set<string>> {
  if (inputs.length === 0) return new Set();
  const policyVersion = await activePolicyVersion(tx);
  const signer = await auditSigner(rt.config);
  const at = utc(now);
  // Ids, content hashes and the first (signed) link of each chain are made here, before the statement.
  const rows = inputs.map((input) => {
    const id = publicId('ACT');
    const content = { actionType: input.actionType.toUpperCase(), target: input.target, environment: input.environment ?? 'DEV', targetCount: 1, payload: null };
    const contentHash = contentHashOf(content);
    const entry = sealEntry(signer, { actionId: id, at: now, actor: input.actor, fromStatus: null, toStatus: 'AUTO_DONE', comment: AUTO_DONE_COMMENT, contentHash }, null);
    return { input, id, content, contentHash, entry };
  });
  const column = <T>(pick: (row: (typeof rows)[number]) => T) => rows.map(pick);
  // One input relation feeds both inserts; only the actions recorded now (not a rerun's) get their entry.
  const recorded = await tx.$queryRaw<Array<{ sourceKey: string }>>`
    WITH input AS (
      SELECT * FROM unnest(${column((row) => row.id)}::text[], ${column((row) => row.content.actionType)}::text[],
                           ${column((row) => row.input.description)}::text[], ${column((row) => row.input.target)}::text[],
                           ${column((row) => row.content.environment)}::text[], ${column((row) => JSON.stringify(cycleFactors(row.input)))}::text[],
                           ${column((row) => row.input.actor)}::text[], ${column((row) => ((row.input.result ?? null) === null ? null : JSON.stringify(row.input.result)))}::text[],
                           ${column((row) => row.input.sourceKey)}::text[], ${column((row) => row.input.cycleRunId ?? null)}::text[], ${column((row) => row.contentHash)}::text[],
                           ${column((row) => row.entry.hash)}::text[], ${column((row) => row.entry.signature)}::text[])
        AS a(id, type, description, target, environment, factors, actor, result, key, run, content, hash, signature)
    ), recorded AS (
      INSERT INTO "AutoAction" (id, "actionType", description, target, environment, "targetCount", "riskLevel", "riskFactors", "policyVersion",
                                status, "requestedBy", result, "createdAt", "processedAt", "sourceKey", "cycleRunId", "contentHash")
      SELECT id, type, description, target, environment::"Environment", 1, 'LOW'::"RiskLevel", factors::jsonb, ${policyVersion}::int,
             'AUTO_DONE'::"ActionStatus", actor, result::jsonb, ${at}::timestamp, ${at}::timestamp, key, run, content
      FROM input
      ON CONFLICT ("sourceKey") DO NOTHING
      RETURNING id, "sourceKey"
    ), audited AS (
      INSERT INTO "AuditEntry" ("actionId", at, actor, "fromStatus", "toStatus", comment, "contentHash", "prevHash", hash, signature, "keyId")
      SELECT i.id, ${at}::timestamp, i.actor, NULL, 'AUTO_DONE'::"ActionStatus", ${AUTO_DONE_COMMENT}, i.content, NULL, i.hash, i.signature, ${signer.keyId}
      FROM input AS i JOIN recorded AS r ON r.id = i.id
    )
    SELECT "sourceKey" FROM recorded`;
  return new Set(recorded.map((row) => row.sourceKey));
}

/** The audit comment of a cycle act (covered by its entry's hash). */
const AUTO_DONE_COMMENT = 'auto cycle step';

/** Why a cycle act is LOW: it is a routine step, not something a person asked for. */
function cycleFactors(input: AutoDoneRecord) {
  return [{ name: 'autoCycle', effect: 'LOW', detail: `routine step of the auto-processing cycle${input.cycleRunId ? ` ${input.cycleRunId}` : ''}, recorded by ${input.actor}` }];
}
