// Risk assessment against the active policy version, with the context the pure policy needs
// (recent verified failure lessons). Draft policies, backtests and activation live here too.
import type { Prisma } from '../../generated/prisma/client.js';
import { z } from 'zod';
import type { ActionStatus, Environment, RiskLevel } from '../../generated/prisma/enums.js';
import { requirePermission, type Viewer } from '../../auth/viewer.js';
import { db } from '../../db/client.js';
import { BadInputError, ConflictError, NotFoundError } from '../../errors.js';
import { logger } from '../../logger.js';
import { parseInput } from '../../validation.js';
import { parseActionInput } from './actions.service.js';
import { assess, DEFAULT_POLICY, PolicyRulesSchema, requiresApproval, RISK_LEVELS, type RiskAssessment, type RiskContext, type RiskInput, type RiskPolicy } from './risk-policy.js';

type Client = Prisma.TransactionClient;

/** The policy deciding new actions: the ACTIVE row, or the shipped version 1 when none is stored. */
export async function activePolicy(client: Client = db()): Promise<RiskPolicy> {
  const row = await client.riskPolicy.findFirst({ where: { status: 'ACTIVE' }, orderBy: { version: 'desc' } });
  if (!row) return DEFAULT_POLICY;
  const parsed = PolicyRulesSchema.safeParse(row.rules);
  if (!parsed.success) {
    // Stored rules are validated on the way in; a broken row must not stop the gate.
    logger.error({ version: row.version, issues: parsed.error.issues }, 'active risk policy is invalid; using version 1');
    return DEFAULT_POLICY;
  }
  return { version: row.version, rules: parsed.data };
}

/** A verified failure lesson for this type and environment, updated within `withinDays`. */
export async function recentFailureLesson(
  client: Client,
  actionType: string,
  environment: Environment,
  withinDays: number,
): Promise<RiskContext['failureLesson']> {
  const since = new Date(Date.now() - withinDays * 86_400_000);
  const lesson = await client.lesson.findFirst({
    where: { isVerified: true, isFailure: true, environment, actionType: { equals: actionType, mode: 'insensitive' }, updatedAt: { gte: since } },
    orderBy: { updatedAt: 'desc' },
    select: { lessonId: true, title: true },
  });
  return lesson ?? null;
}

/** Assesses with the active policy (or `policy`) and the current lessons. */
export async function assessWithContext(client: Client, input: RiskInput, policy?: RiskPolicy): Promise<RiskAssessment> {
  const used = policy ?? (await activePolicy(client));
  const failureLesson = await recentFailureLesson(client, input.actionType, input.environment, used.rules.failureLesson.withinDays);
  return assess(used, input, { failureLesson });
}

/** Dry run of the gate: the level, factors and policy version an action would get now. */
export async function assessRisk(viewer: Viewer | null, rawInput: unknown): Promise<RiskAssessment> {
  requirePermission(viewer, 'ops:read');
  const input = parseActionInput(rawInput);
  return assessWithContext(db(), input);
}

// ───────────────────────────── policy versions ─────────────────────────────

const POLICY_LOCK = 'opsloop:risk-policy';
const BACKTEST_BATCH = 500;
export const MAX_BACKTEST_CHANGES = 100;

/** Serialises policy writes (version numbers, the single ACTIVE row) across replicas. */
async function lockPolicies(tx: Client): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${POLICY_LOCK}))`;
}

/** Stores the shipped version 1 as the ACTIVE row the first time policies are managed. */
async function ensureDefaultPolicyRow(tx: Client, actor: string): Promise<void> {
  if ((await tx.riskPolicy.count()) > 0) return;
  await tx.riskPolicy.create({
    data: {
      version: DEFAULT_POLICY.version,
      status: 'ACTIVE',
      rules: DEFAULT_POLICY.rules as unknown as Prisma.InputJsonValue,
      note: 'default policy (DESIGN.md version 1)',
      createdBy: actor,
      activatedAt: new Date(),
    },
  });
}

export async function listPolicies(viewer: Viewer | null, query: Omit<Prisma.RiskPolicyFindManyArgs, 'orderBy' | 'where'> = {}) {
  requirePermission(viewer, 'ops:read');
  const rows = await db().riskPolicy.findMany({ ...query, orderBy: { version: 'desc' } });
  return rows;
}

export async function countPolicies(viewer: Viewer | null): Promise<number> {
  requirePermission(viewer, 'ops:read');
  return db().riskPolicy.count();
}

/** The policy deciding new actions now, as a row (the shipped version 1 when none is stored). */
export async function currentPolicy(viewer: Viewer | null) {
  requirePermission(viewer, 'ops:read');
  const row = await db().riskPolicy.findFirst({ where: { status: 'ACTIVE' }, orderBy: { version: 'desc' } });
  return row ?? defaultPolicyRow();
}

export async function getPolicy(viewer: Viewer | null, version: number) {
  requirePermission(viewer, 'ops:read');
  const row = await db().riskPolicy.findUnique({ where: { version } });
  if (row) return row;
  if (version === DEFAULT_POLICY.version) return defaultPolicyRow();
  throw new NotFoundError('RiskPolicy', version);
}

/** Version 1 as a row, before any policy has been stored. */
function defaultPolicyRow() {
  return {
    version: DEFAULT_POLICY.version,
    status: 'ACTIVE' as const,
    rules: DEFAULT_POLICY.rules as unknown as Prisma.JsonValue,
    note: 'default policy (DESIGN.md version 1)',
    createdBy: 'system',
    createdAt: new Date(0),
    activatedAt: null,
  };
}

const DraftInputSchema = z.object({
  rules: PolicyRulesSchema,
  note: z.string().trim().max(500, 'must be at most 500 characters').nullish(),
});

/** ADMIN: stores a new DRAFT version (numbered after the highest existing one). */
export async function createPolicyDraft(viewer: Viewer | null, rawInput: unknown) {
  const actor = requirePermission(viewer, 'admin:operate');
  const input = parseInput(DraftInputSchema, rawInput, 'input');
  return db().$transaction(async (tx) => {
    await lockPolicies(tx);
    await ensureDefaultPolicyRow(tx, actor.username);
    const latest = await tx.riskPolicy.aggregate({ _max: { version: true } });
    return tx.riskPolicy.create({
      data: {
        version: (latest._max.version ?? DEFAULT_POLICY.version) + 1,
        status: 'DRAFT',
        rules: input.rules as unknown as Prisma.InputJsonValue,
        note: input.note ?? null,
        createdBy: actor.username,
      },
    });
  });
}

/** ADMIN: makes a DRAFT the ACTIVE policy; the previous ACTIVE one is RETIRED. */
export async function activatePolicy(viewer: Viewer | null, version: number) {
  const actor = requirePermission(viewer, 'admin:operate');
  return db().$transaction(async (tx) => {
    await lockPolicies(tx);
    await ensureDefaultPolicyRow(tx, actor.username);
    const policy = await tx.riskPolicy.findUnique({ where: { version } });
    if (!policy) throw new NotFoundError('RiskPolicy', version);
    if (policy.status !== 'DRAFT') throw new ConflictError(`risk policy ${version} is ${policy.status}; only a DRAFT can be activated`, { status: policy.status });
    await tx.riskPolicy.updateMany({ where: { status: 'ACTIVE' }, data: { status: 'RETIRED' } });
    return tx.riskPolicy.update({ where: { version }, data: { status: 'ACTIVE', activatedAt: new Date() } });
  });
}

export interface BacktestChange {
  actionId: string;
  actionType: string;
  environment: Environment;
  targetCount: number;
  createdAt: Date;
  status: ActionStatus;
  recordedRiskLevel: RiskLevel;
  recordedPolicyVersion: number;
  recordedRequiresApproval: boolean;
  newRiskLevel: RiskLevel;
  newRequiresApproval: boolean;
  factors: RiskAssessment['factors'];
}

export interface BacktestResult {
  version: number;
  activeVersion: number;
  days: number;
  actionsReplayed: number;
  riskChanged: number;
  gateChanged: number;
  raised: number;
  lowered: number;
  /** The newest changed actions (at most MAX_BACKTEST_CHANGES). */
  changes: BacktestChange[];
}

/**
 * ADMIN: replays the actions submitted in the last `days` days (not the auto cycle's own records)
 * through policy `version` and reports which would have changed risk level or approval gate.
 * Lessons are taken as they are now. Reads in batches; nothing is written.
 */
export async function backtestPolicy(viewer: Viewer | null, version: number, days = 30): Promise<BacktestResult> {
  requirePermission(viewer, 'admin:operate');
  if (!Number.isInteger(days) || days < 1 || days > 366) throw new BadInputError('days', 'must be a whole number from 1 to 366');
  const row = await db().riskPolicy.findUnique({ where: { version } });
  let policy: RiskPolicy;
  if (row) {
    const parsed = PolicyRulesSchema.safeParse(row.rules);
    if (!parsed.success) throw new ConflictError(`risk policy ${version} has invalid rules and cannot be replayed`);
    policy = { version, rules: parsed.data };
  } else if (version === DEFAULT_POLICY.version) {
    policy = DEFAULT_POLICY;
  } else {
    throw new NotFoundError('RiskPolicy', version);
  }
  const active = await activePolicy();
  const lessonSince = new Date(Date.now() - policy.rules.failureLesson.withinDays * 86_400_000);
  const lessons = await db().lesson.findMany({
    where: { isVerified: true, isFailure: true, actionType: { not: null }, environment: { not: null }, updatedAt: { gte: lessonSince } },
    orderBy: { updatedAt: 'desc' },
    select: { lessonId: true, title: true, actionType: true, environment: true },
  });
  const lessonFor = new Map<string, { lessonId: string; title: string }>();
  for (const lesson of lessons) {
    const key = `${lesson.actionType!.toUpperCase()}:${lesson.environment}`;
    if (!lessonFor.has(key)) lessonFor.set(key, { lessonId: lesson.lessonId, title: lesson.title });
  }

  const result: BacktestResult = { version, activeVersion: active.version, days, actionsReplayed: 0, riskChanged: 0, gateChanged: 0, raised: 0, lowered: 0, changes: [] };
  const since = new Date(Date.now() - days * 86_400_000);
  let cursor: string | undefined;
  for (;;) {
    const batch = await db().autoAction.findMany({
      where: { createdAt: { gte: since }, sourceKey: null },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: BACKTEST_BATCH,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      select: { id: true, actionType: true, environment: true, targetCount: true, createdAt: true, status: true, riskLevel: true, policyVersion: true },
    });
    for (const action of batch) {
      result.actionsReplayed += 1;
      const replay = assess(policy, action, { failureLesson: lessonFor.get(`${action.actionType.toUpperCase()}:${action.environment}`) ?? null });
      const recordedRequiresApproval = requiresApproval(action.riskLevel);
      const riskChanged = replay.riskLevel !== action.riskLevel;
      const gateChanged = replay.requiresApproval !== recordedRequiresApproval;
      if (!riskChanged && !gateChanged) continue;
      if (riskChanged) result.riskChanged += 1;
      if (gateChanged) result.gateChanged += 1;
      if (RISK_LEVELS.indexOf(replay.riskLevel) > RISK_LEVELS.indexOf(action.riskLevel)) result.raised += 1;
      else if (riskChanged) result.lowered += 1;
      if (result.changes.length < MAX_BACKTEST_CHANGES) {
        result.changes.push({
          actionId: action.id,
          actionType: action.actionType,
          environment: action.environment,
          targetCount: action.targetCount,
          createdAt: action.createdAt,
          status: action.status,
          recordedRiskLevel: action.riskLevel,
          recordedPolicyVersion: action.policyVersion,
          recordedRequiresApproval,
          newRiskLevel: replay.riskLevel,
          newRequiresApproval: replay.requiresApproval,
          factors: replay.factors,
        });
      }
    }
    if (batch.length < BACKTEST_BATCH) break;
    cursor = batch[batch.length - 1]!.id;
  }
  return result;
}
