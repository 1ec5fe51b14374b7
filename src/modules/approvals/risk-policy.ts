// The risk policy: rules as data, and one pure function that applies them. No database, no
// GraphQL: the same inputs and policy always give the same level and the same explanation.
import { z } from 'zod';
import type { Environment, RiskLevel } from '../../generated/prisma/enums.js';

export const RISK_LEVELS = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const satisfies readonly RiskLevel[];
export const ENVIRONMENTS = ['DEV', 'STG', 'PROD'] as const satisfies readonly Environment[];

/** HIGH and above wait for a human; LOW and MEDIUM run at once. */
export const APPROVAL_GATE: RiskLevel = 'HIGH';

const riskLevel = z.enum(RISK_LEVELS);
const environment = z.enum(ENVIRONMENTS);
const actionTypeKey = z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/, 'action types are UPPER_SNAKE_CASE');

/** What a policy version says. Stored as JSON in RiskPolicy.rules; validated on the way in. */
export const PolicyRulesSchema = z
  .object({
    /** Base level per action type. */
    baseLevels: z.record(actionTypeKey, riskLevel),
    /** Level for types the policy does not name: unknown work is never automatic by default. */
    unknownTypeLevel: riskLevel,
    /** Levels added per environment (e.g. PROD: 1). */
    environmentRaise: z.partialRecord(environment, z.number().int().min(0).max(3)),
    /** Blast radius: the largest `raise` whose `above` the targetCount exceeds applies. */
    blastRadius: z.array(z.object({ above: z.number().int().min(0), raise: z.number().int().min(0).max(3) })).max(10),
    /** Combinations that are CRITICAL whatever else holds (destructive work in PROD). */
    criticalWhen: z
      .array(z.object({ actionTypes: z.array(actionTypeKey).min(1), environments: z.array(environment).min(1) }))
      .max(20),
    /** A recent verified failure lesson for the same type and environment raises by this much. */
    failureLesson: z.object({ raise: z.number().int().min(0).max(3), withinDays: z.number().int().min(1).max(365) }),
    /**
     * A bad record raises by `raise`: at least `minSimilar` executed actions of the same type on the
     * same or a related target within `windowDays`, and more than `incidentRatio` of them followed
     * by an incident on that target within `followWindowHours`. Optional (absent in version 1).
     */
    history: z
      .object({
        minSimilar: z.number().int().min(1).max(1000),
        incidentRatio: z.number().min(0).max(1),
        windowDays: z.number().int().min(1).max(365),
        followWindowHours: z.number().int().min(1).max(720),
        raise: z.number().int().min(0).max(3),
      })
      .strict()
      .optional(),
  })
  .strict();

export type PolicyRules = z.infer<typeof PolicyRulesSchema>;

export interface RiskPolicy {
  version: number;
  rules: PolicyRules;
}

/** Version 1: the default policy of DESIGN.md "Default risk policy (version 1)". */
export const DEFAULT_POLICY: RiskPolicy = {
  version: 1,
  rules: {
    baseLevels: {
      RESTART_SERVICE: 'LOW',
      SCALE: 'LOW',
      CONFIG_CHANGE: 'MEDIUM',
      DEPLOY: 'MEDIUM',
      PATCH: 'MEDIUM',
      BULK_CLOSE: 'MEDIUM',
      DB_MIGRATION: 'HIGH',
      DELETE_DATA: 'HIGH',
    },
    unknownTypeLevel: 'HIGH',
    environmentRaise: { PROD: 1 },
    blastRadius: [
      { above: 10, raise: 1 },
      { above: 100, raise: 2 },
    ],
    criticalWhen: [{ actionTypes: ['DB_MIGRATION', 'DELETE_DATA'], environments: ['PROD'] }],
    failureLesson: { raise: 1, withinDays: 90 },
  },
};

export interface RiskInput {
  actionType: string;
  environment: Environment;
  targetCount: number;
}

export interface RiskContext {
  /** A verified failure lesson for this type and environment within the policy's window, if any. */
  failureLesson?: { lessonId: string; title: string } | null;
  /** The record of similar past actions (gathered only when the policy has a history rule). */
  history?: ActionHistory | null;
}

/** Similar executed actions within the history rule's window, and how many an incident followed. */
export interface ActionHistory {
  /** The target they share with the assessed action, as named in the explanation. */
  target: string;
  similar: number;
  followedByIncident: number;
}

export interface RiskFactor {
  name: string;
  /** What it did to the level: the base level, "+N", or "=CRITICAL". */
  effect: string;
  detail: string;
}

export interface RiskAssessment {
  riskLevel: RiskLevel;
  requiresApproval: boolean;
  factors: RiskFactor[];
  policyVersion: number;
}

const rank = (level: RiskLevel) => RISK_LEVELS.indexOf(level);
const levelAt = (index: number): RiskLevel => RISK_LEVELS[Math.min(Math.max(index, 0), RISK_LEVELS.length - 1)]!;

export function requiresApproval(level: RiskLevel): boolean {
  return rank(level) >= rank(APPROVAL_GATE);
}

/** Applies `policy` to one action. Pure and deterministic. */
export function assess(policy: RiskPolicy, input: RiskInput, context: RiskContext = {}): RiskAssessment {
  const { rules } = policy;
  const type = input.actionType.toUpperCase();
  const factors: RiskFactor[] = [];

  const named = rules.baseLevels[type];
  const base = named ?? rules.unknownTypeLevel;
  factors.push({
    name: 'base',
    effect: base,
    detail: named ? `${type} is ${base} by policy` : `${type} is not in the policy: unknown work starts at ${base}`,
  });
  let score = rank(base);

  const environmentRaise = rules.environmentRaise[input.environment] ?? 0;
  if (environmentRaise > 0) {
    score += environmentRaise;
    factors.push({ name: 'environment', effect: `+${environmentRaise}`, detail: `${input.environment} raises ${plural(environmentRaise)}` });
  }

  const blast = rules.blastRadius
    .filter((step) => input.targetCount > step.above)
    .reduce<{ above: number; raise: number } | undefined>((best, step) => (!best || step.raise > best.raise ? step : best), undefined);
  if (blast && blast.raise > 0) {
    score += blast.raise;
    factors.push({ name: 'blastRadius', effect: `+${blast.raise}`, detail: `targetCount ${input.targetCount} is above ${blast.above}` });
  }

  if (context.failureLesson && rules.failureLesson.raise > 0) {
    score += rules.failureLesson.raise;
    factors.push({
      name: 'failureLesson',
      effect: `+${rules.failureLesson.raise}`,
      detail: `verified failure lesson ${context.failureLesson.lessonId} ("${context.failureLesson.title}") for ${type} in ${input.environment} within ${rules.failureLesson.withinDays} days`,
    });
  }

  const history = historyRaise(rules, type, context.history);
  if (history) {
    score += history.raise;
    factors.push(history.factor);
  }

  const critical = rules.criticalWhen.find((rule) => rule.actionTypes.includes(type) && rule.environments.includes(input.environment));
  if (critical) {
    score = rank('CRITICAL');
    factors.push({ name: 'destructiveInEnvironment', effect: '=CRITICAL', detail: `${type} in ${input.environment} is always CRITICAL` });
  } else if (score > rank('CRITICAL')) {
    factors.push({ name: 'ceiling', effect: '=CRITICAL', detail: `capped at CRITICAL (factors added up to ${score - rank('CRITICAL')} more)` });
  }

  const riskLevel = levelAt(score);
  return { riskLevel, requiresApproval: requiresApproval(riskLevel), factors, policyVersion: policy.version };
}

/** The history rule's raise and its factor, when the record is bad enough. */
function historyRaise(rules: PolicyRules, type: string, record: ActionHistory | null | undefined): { raise: number; factor: RiskFactor } | null {
  const rule = rules.history;
  if (!rule || rule.raise === 0 || !record || record.similar < rule.minSimilar) return null;
  const ratio = record.followedByIncident / record.similar;
  if (ratio <= rule.incidentRatio) return null;
  const detail =
    `${record.followedByIncident} of ${record.similar} past ${type}s to ${record.target} within ${rule.windowDays} days were followed by an incident ` +
    `within ${rule.followWindowHours} h (${percent(ratio)} > ${percent(rule.incidentRatio)})`;
  return { raise: rule.raise, factor: { name: 'history', effect: `+${rule.raise}`, detail } };
}

function percent(ratio: number): string {
  return `${Math.round(ratio * 100)}%`;
}

function plural(levels: number): string {
  return levels === 1 ? 'one level' : `${levels} levels`;
}
