// The first statement of every change to a pending action: lock its row (SELECT … FOR UPDATE) and
// read what the change needs. Concurrent changes to one action (decisions, votes, extensions) run
// one after the other behind this lock, and the audit chain's head is read after it. A decision
// is then bound to the action's content: the content read under the lock must still hash to the
// contentHash sealed at submission (and to the hash the decider was shown, when they send it).
import type { Prisma } from '../../generated/prisma/client.js';
import type { ActionStatus, RiskLevel } from '../../generated/prisma/enums.js';
import { BadInputError, ConflictError } from '../../errors.js';
import { contentHashOf } from './audit-chain.js';
import { utc } from '../../db/sql-timestamp.js';

export interface LockedAction {
  id: string;
  status: ActionStatus;
  riskLevel: RiskLevel;
  requestedBy: string;
  /** Still before its deadline at `now`. */
  live: boolean;
  expiresAt: Date | null;
  createdAt: Date;
  actionType: string;
  target: string | null;
  environment: string;
  targetCount: number;
  payload: unknown;
  contentHash: string | null;
}

/** Locks the action's row until the transaction ends; undefined when there is no such action. */
export async function lockAction(tx: Prisma.TransactionClient, id: string, now: Date): Promise<LockedAction | undefined> {
  const [row] = await tx.$queryRaw<LockedAction[]>`
    SELECT id, status::text AS status, "riskLevel"::text AS "riskLevel", "requestedBy",
      coalesce("expiresAt" > ${utc(now)}::timestamp, false) AS live, "expiresAt", "createdAt",
      "actionType", target, environment::text AS environment, "targetCount", payload, "contentHash"
    FROM "AutoAction" WHERE id = ${id} FOR UPDATE`;
  if (row && typeof row.payload === 'string') row.payload = JSON.parse(row.payload);
  return row;
}

/** A hash a client sends back: 64 hex digits (lower-cased), or null when not sent. */
export function parseContentHash(raw: string | null | undefined, field = 'expectedContentHash'): string | null {
  if (raw == null || raw.trim() === '') return null;
  const hash = raw.trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(hash)) throw new BadInputError(field, 'must be the 64 hex digits of AutoAction.contentHash');
  return hash;
}

/**
 * The content hash a decision is bound to. CONFLICT when the stored content no longer hashes to the
 * sealed contentHash (changed behind the API's back), or the decider was shown another hash.
 * Actions from before content hashes have none sealed: they are bound to their content as it is.
 */
export function boundContentHash(row: LockedAction, expected: string | null): string {
  const current = contentHashOf(row);
  if (row.contentHash && current !== row.contentHash) {
    throw new ConflictError(
      `${row.id}'s content (type, target, environment, blast radius or payload) changed after it was submitted: it hashes to ${current}, not the sealed ${row.contentHash}; no decision applies to changed content (AutoAction.auditIntegrity reports it)`,
      { rule: 'contentHash', contentHash: row.contentHash, currentContentHash: current },
    );
  }
  const sealed = row.contentHash ?? current;
  if (expected && expected !== sealed) {
    throw new ConflictError(`${row.id}'s content hash is ${sealed}, not the ${expected} you were shown: its content is not what you reviewed; read it again`, {
      rule: 'contentHash',
      contentHash: sealed,
      expectedContentHash: expected,
    });
  }
  return sealed;
}
