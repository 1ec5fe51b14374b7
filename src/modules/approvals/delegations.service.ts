// Delegation of approval authority: an ops user hands the approvals they may decide to another ops
// user for a time window (DLG-…), e.g. while away. Rules (README "Delegation"):
// - you delegate your own authority; an ADMIN may also delegate for someone else (`from`);
// - never to yourself; the delegate is a known ops user (ADMIN, PM, ENGINEER);
// - the levels are those the delegator's own role decides (HIGH; HIGH and CRITICAL for an ADMIN),
//   all of them by default: authority held only by delegation is never passed on (no chains);
// - the window starts now (or at `startsAt`) and lasts at most APPROVAL_DELEGATION_MAX_DAYS;
// - revoked or ended delegations stop at once: decisions re-check them under a row lock.
// The static permission (action:delegate) is on the GraphQL fields and chat commands.
import { z } from 'zod';
import type { ApprovalDelegation, Prisma } from '../../generated/prisma/client.js';
import type { RiskLevel, Role } from '../../generated/prisma/enums.js';
import { can } from '../../auth/permissions.js';
import type { Viewer } from '../../auth/viewer.js';
import { publicId } from '../../db/ids.js';
import { BadInputError, ConflictError, ForbiddenError, NotFoundError } from '../../errors.js';
import type { Runtime } from '../../runtime.js';
import { parseInput, parsePublicId, requiredText } from '../../validation.js';
import { findUser } from '../identity/users.service.js';
import { utc } from '../../db/sql-timestamp.js';

type Query = Omit<Prisma.ApprovalDelegationFindManyArgs, 'where' | 'orderBy'>;
type ReadQuery = Omit<Prisma.ApprovalDelegationFindUniqueArgs, 'where'>;

const OPS_ROLES: readonly Role[] = ['ADMIN', 'PM', 'ENGINEER'];
/** A start this far in the past is taken as "now" (clock skew between client and server). */
const START_TOLERANCE_MS = 5 * 60_000;

const DelegateInputSchema = z.object({
  to: requiredText(200),
  from: requiredText(200).nullish(),
  until: z.date(),
  startsAt: z.date().nullish(),
  riskLevels: z.array(z.enum(['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'])).min(1, 'must name at least one level, or be left out for all you may decide').nullish(),
  reason: requiredText(500),
});

export type DelegationStatus = 'SCHEDULED' | 'ACTIVE' | 'ENDED' | 'REVOKED';

export function delegationStatus(delegation: Pick<ApprovalDelegation, 'startsAt' | 'endsAt' | 'revokedAt'>, now: Date): DelegationStatus {
  if (delegation.revokedAt) return 'REVOKED';
  if (delegation.endsAt.getTime() <= now.getTime()) return 'ENDED';
  return delegation.startsAt.getTime() > now.getTime() ? 'SCHEDULED' : 'ACTIVE';
}

/** The approval levels a role decides by itself: what it can delegate. */
export function levelsDecidableBy(role: Role | null | undefined): RiskLevel[] {
  return [...(can(role, 'action:decideHigh') ? (['HIGH'] as const) : []), ...(can(role, 'action:decideCritical') ? (['CRITICAL'] as const) : [])];
}

export function parseDelegationId(id: string, field = 'id'): string {
  return parsePublicId('DLG', id, 'a delegation', field);
}

/** The delegator and their role: yourself (your token's role), or anyone known for an ADMIN. */
async function delegatorOf(rt: Runtime, viewer: Viewer, from: string | null | undefined): Promise<{ username: string; role: Role }> {
  if (!from || from === viewer.username) return { username: viewer.username, role: viewer.role };
  if (!can(viewer.role, 'admin:operate')) {
    throw new ForbiddenError(`only an ADMIN may delegate someone else's authority (input.from ${from}); leave from out to delegate your own`, { rule: 'delegateForOthers' });
  }
  const user = await findUser(rt, from);
  if (!user) throw new BadInputError('input.from', `no opsloop user called "${from}" (they must have signed in once)`);
  return { username: user.username, role: user.role };
}

function coveredLevels(delegator: { username: string; role: Role }, requested: readonly string[] | null | undefined): RiskLevel[] {
  const decidable = levelsDecidableBy(delegator.role);
  if (decidable.length === 0) throw new ForbiddenError(`${delegator.username} (${delegator.role}) decides no approvals, so has no approval authority to delegate`);
  if (!requested) return decidable;
  const levels = [...new Set(requested)] as RiskLevel[];
  for (const level of levels) {
    if (level === 'LOW' || level === 'MEDIUM') throw new BadInputError('input.riskLevels', `${level} actions need no approval: name HIGH and/or CRITICAL`);
    if (!decidable.includes(level)) {
      throw new ForbiddenError(
        `${delegator.username} (${delegator.role}) may not decide ${level} actions, so cannot delegate them: authority held only by delegation is never passed on`,
        { rule: 'noChains' },
      );
    }
  }
  return levels;
}

function windowOf(rt: Runtime, startsAt: Date | null | undefined, until: Date): { startsAt: Date; endsAt: Date } {
  const now = rt.clock.now();
  let start = startsAt ?? now;
  if (start.getTime() < now.getTime() - START_TOLERANCE_MS) throw new BadInputError('input.startsAt', 'must not be in the past (leave it out to start now)');
  if (start.getTime() < now.getTime()) start = now;
  if (until.getTime() <= start.getTime()) throw new BadInputError('input.until', `must be after the start (${start.toISOString()})`);
  const maxDays = rt.config.approvals.delegationMaxDays;
  if (until.getTime() - start.getTime() > maxDays * 86_400_000) {
    throw new BadInputError('input.until', `a delegation lasts at most ${maxDays} days (APPROVAL_DELEGATION_MAX_DAYS); ${until.toISOString()} is later than that from ${start.toISOString()}`);
  }
  return { startsAt: start, endsAt: until };
}

export async function delegateApprovals(rt: Runtime, viewer: Viewer, rawInput: unknown, query: ReadQuery = {}): Promise<ApprovalDelegation> {
  const input = parseInput(DelegateInputSchema, rawInput ?? {}, 'input');
  const delegator = await delegatorOf(rt, viewer, input.from);
  if (input.to === delegator.username) throw new BadInputError('input.to', `must be someone other than the delegator (${delegator.username}): a delegation to oneself changes nothing`);
  const delegate = await findUser(rt, input.to);
  if (!delegate) throw new BadInputError('input.to', `no opsloop user called "${input.to}" (they must have signed in once)`);
  if (!OPS_ROLES.includes(delegate.role)) throw new BadInputError('input.to', `${delegate.username} is ${delegate.role}: approval authority goes to an ops user (ADMIN, PM or ENGINEER)`);
  const riskLevels = coveredLevels(delegator, input.riskLevels);
  const window = windowOf(rt, input.startsAt, input.until);
  const created = await rt.db.approvalDelegation.create({
    data: { id: publicId('DLG'), delegator: delegator.username, delegate: delegate.username, riskLevels, ...window, reason: input.reason, createdBy: viewer.username, createdAt: rt.clock.now() },
  });
  rt.logger.info({ delegationId: created.id, delegator: created.delegator, delegate: created.delegate, riskLevels, endsAt: created.endsAt }, 'approval authority delegated');
  return rt.db.approvalDelegation.findUniqueOrThrow({ ...query, where: { id: created.id } });
}

/** Who sees a delegation: its delegator, delegate or creator; an ADMIN sees all. */
export function visibleDelegationWhere(viewer: Viewer | null): Prisma.ApprovalDelegationWhereInput {
  if (viewer && can(viewer.role, 'admin:operate')) return {};
  const me = viewer?.username ?? '';
  return { OR: [{ delegator: me }, { delegate: me }, { createdBy: me }] };
}

export async function revokeDelegation(rt: Runtime, viewer: Viewer, rawId: string, query: ReadQuery = {}): Promise<ApprovalDelegation> {
  const id = parseDelegationId(rawId);
  const found = await rt.db.approvalDelegation.findFirst({ where: { id, ...visibleDelegationWhere(viewer) } });
  if (!found) throw new NotFoundError('ApprovalDelegation', id);
  const now = rt.clock.now();
  const { count } = await rt.db.approvalDelegation.updateMany({ where: { id, revokedAt: null, endsAt: { gt: now } }, data: { revokedAt: now, revokedBy: viewer.username } });
  if (count === 0) {
    const current = await rt.db.approvalDelegation.findUniqueOrThrow({ where: { id } });
    const when = current.revokedAt ? `was revoked at ${current.revokedAt.toISOString()} by ${current.revokedBy}` : `ended at ${current.endsAt.toISOString()}`;
    throw new ConflictError(`${id} ${when}: nothing to revoke`, { status: delegationStatus(current, now) });
  }
  rt.logger.info({ delegationId: id, revokedBy: viewer.username }, 'approval delegation revoked');
  return rt.db.approvalDelegation.findUniqueOrThrow({ ...query, where: { id } });
}

export interface DelegationFilter {
  /** Only delegations in force now. */
  activeOnly?: boolean | null;
}

function listWhere(rt: Runtime, viewer: Viewer, filter: DelegationFilter): Prisma.ApprovalDelegationWhereInput {
  const now = rt.clock.now();
  const active = filter.activeOnly ? { revokedAt: null, startsAt: { lte: now }, endsAt: { gt: now } } : {};
  return { AND: [visibleDelegationWhere(viewer), active] };
}

export async function listDelegations(rt: Runtime, viewer: Viewer, filter: DelegationFilter, query: Query = {}): Promise<ApprovalDelegation[]> {
  return rt.db.approvalDelegation.findMany({ ...query, where: listWhere(rt, viewer, filter), orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
}

export async function countDelegations(rt: Runtime, viewer: Viewer, filter: DelegationFilter): Promise<number> {
  return rt.db.approvalDelegation.count({ where: listWhere(rt, viewer, filter) });
}

/** Delegations to `delegate` in force at `now` that cover `level`, oldest first (optionally from one delegator). */
export async function liveDelegationsTo(rt: Runtime, delegate: string, level: RiskLevel, now: Date, delegator?: string): Promise<ApprovalDelegation[]> {
  // The level is filtered here: a `has` filter on an enum array is sent as text by the driver
  // adapters ("malformed array literal"), and one person's delegations in force are a handful.
  const live = await rt.db.approvalDelegation.findMany({
    where: { delegate, revokedAt: null, startsAt: { lte: now }, endsAt: { gt: now }, ...(delegator ? { delegator } : {}) },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  return live.filter((delegation) => delegation.riskLevels.includes(level));
}

/** Delegates in force at `now` of any of `delegators` for `level`: escalation names them too. */
export async function liveDelegatesOf(rt: Runtime, delegators: string[], level: RiskLevel, now: Date): Promise<Array<{ delegate: string; delegator: string }>> {
  if (delegators.length === 0) return [];
  const live = await rt.db.approvalDelegation.findMany({
    where: { delegator: { in: delegators }, revokedAt: null, startsAt: { lte: now }, endsAt: { gt: now } },
    orderBy: [{ delegate: 'asc' }],
    select: { delegate: true, delegator: true, riskLevels: true },
  });
  return live.filter((delegation) => delegation.riskLevels.includes(level)).map(({ delegate, delegator }) => ({ delegate, delegator }));
}

/**
 * Inside a decision's transaction: whether the delegation is still in force, holding a share lock
 * on it until the decision commits, so a revocation waits for the decision or the decision sees it.
 */
export async function lockLiveDelegation(tx: Prisma.TransactionClient, id: string, now: Date): Promise<boolean> {
  const rows = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id FROM "ApprovalDelegation"
    WHERE id = ${id} AND "revokedAt" IS NULL AND "startsAt" <= ${utc(now)}::timestamp AND "endsAt" > ${utc(now)}::timestamp
    FOR SHARE`;
  return rows.length === 1;
}
