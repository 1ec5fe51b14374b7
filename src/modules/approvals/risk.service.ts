// Risk assessment against the active policy version, with the context the pure policy needs
// (recent verified failure lessons). Draft policies, backtests and activation live here too.
import type { Prisma } from '../../generated/prisma/client.js';
import type { Environment } from '../../generated/prisma/enums.js';
import { requirePermission, type Viewer } from '../../auth/viewer.js';
import { db } from '../../db/client.js';
import { logger } from '../../logger.js';
import { parseActionInput } from './actions.service.js';
import { assess, DEFAULT_POLICY, PolicyRulesSchema, type RiskAssessment, type RiskContext, type RiskInput, type RiskPolicy } from './risk-policy.js';

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
