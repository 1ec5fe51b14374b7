// The risk policy is a pure function of (policy, input, context): the six examples of DESIGN.md
// for version 1, the explanation it gives, and the rules-as-data validation of drafts.
import { describe, expect, it } from 'vitest';
import { assess, DEFAULT_POLICY, PolicyRulesSchema, type RiskInput } from '../src/modules/approvals/risk-policy.js';

const input = (actionType: string, environment: RiskInput['environment'], targetCount: number): RiskInput => ({ actionType, environment, targetCount });

describe('default policy (version 1)', () => {
  it.each([
    ['RESTART_SERVICE', 'DEV', 1, 'LOW', false],
    ['RESTART_SERVICE', 'PROD', 1, 'MEDIUM', false],
    ['DEPLOY', 'PROD', 1, 'HIGH', true],
    ['DEPLOY', 'PROD', 50, 'CRITICAL', true],
    ['DELETE_DATA', 'PROD', 1, 'CRITICAL', true],
    ['CONFIG_CHANGE', 'DEV', 150, 'CRITICAL', true],
  ] as const)('%s in %s on %i target(s) is %s', (type, environment, count, level, gated) => {
    const result = assess(DEFAULT_POLICY, input(type, environment, count));
    expect(result).toMatchObject({ riskLevel: level, requiresApproval: gated, policyVersion: 1 });
  });

  it('gives each named type its base level, and unknown types HIGH', () => {
    const base = (type: string) => assess(DEFAULT_POLICY, input(type, 'DEV', 1)).riskLevel;
    expect(['SCALE', 'PATCH', 'BULK_CLOSE', 'DB_MIGRATION', 'REBOOT_CLUSTER'].map(base)).toEqual(['LOW', 'MEDIUM', 'MEDIUM', 'HIGH', 'HIGH']);
  });

  it('counts blast radius strictly above the limits: 10 is not above 10, 101 is above 100', () => {
    const level = (count: number) => assess(DEFAULT_POLICY, input('RESTART_SERVICE', 'DEV', count)).riskLevel;
    expect([10, 11, 100, 101].map(level)).toEqual(['LOW', 'MEDIUM', 'MEDIUM', 'HIGH']);
  });

  it('explains the level factor by factor', () => {
    const result = assess(DEFAULT_POLICY, input('DEPLOY', 'PROD', 50));
    expect(result.factors).toEqual([
      { name: 'base', effect: 'MEDIUM', detail: 'DEPLOY is MEDIUM by policy' },
      { name: 'environment', effect: '+1', detail: 'PROD raises one level' },
      { name: 'blastRadius', effect: '+1', detail: 'targetCount 50 is above 10' },
    ]);
  });

  it('never goes above CRITICAL, and says it capped', () => {
    const result = assess(DEFAULT_POLICY, input('UNKNOWN_THING', 'PROD', 1000));
    expect(result.riskLevel).toBe('CRITICAL');
    expect(result.factors.at(-1)).toMatchObject({ name: 'ceiling', effect: '=CRITICAL' });
  });

  it('makes destructive types in PROD CRITICAL by rule, whatever the count', () => {
    const result = assess(DEFAULT_POLICY, input('DB_MIGRATION', 'PROD', 1));
    expect(result.riskLevel).toBe('CRITICAL');
    expect(result.factors.map((factor) => factor.name)).toContain('destructiveInEnvironment');
    expect(assess(DEFAULT_POLICY, input('DB_MIGRATION', 'STG', 1)).riskLevel).toBe('HIGH');
  });

  it('raises one level for a recent verified failure lesson, and names it', () => {
    const context = { failureLesson: { lessonId: 'LL-1', title: 'restart loop' } };
    const result = assess(DEFAULT_POLICY, input('RESTART_SERVICE', 'PROD', 1), context);
    expect(result.riskLevel).toBe('HIGH');
    expect(result.requiresApproval).toBe(true);
    expect(result.factors.at(-1)).toMatchObject({ name: 'failureLesson', effect: '+1' });
    expect(result.factors.at(-1)!.detail).toContain('LL-1');
  });

  it('is case-insensitive on the action type and deterministic', () => {
    expect(assess(DEFAULT_POLICY, input('deploy', 'PROD', 1))).toEqual(assess(DEFAULT_POLICY, input('DEPLOY', 'PROD', 1)));
  });
});

describe('policies as data', () => {
  it('accepts the shipped rules', () => {
    expect(PolicyRulesSchema.safeParse(DEFAULT_POLICY.rules).success).toBe(true);
  });

  it('applies a different version by its own rules and reports that version', () => {
    const strict = { version: 2, rules: { ...DEFAULT_POLICY.rules, baseLevels: { ...DEFAULT_POLICY.rules.baseLevels, RESTART_SERVICE: 'MEDIUM' as const } } };
    expect(assess(strict, input('RESTART_SERVICE', 'PROD', 1))).toMatchObject({ riskLevel: 'HIGH', requiresApproval: true, policyVersion: 2 });
  });

  it.each([
    ['an unknown level', { baseLevels: { DEPLOY: 'SEVERE' } }, 'baseLevels'],
    ['a lower-case type', { baseLevels: { deploy: 'LOW' } }, 'baseLevels'],
    ['an unknown environment', { environmentRaise: { QA: 1 } }, 'environmentRaise'],
    ['a negative raise', { blastRadius: [{ above: 10, raise: -1 }] }, 'blastRadius'],
    ['an unknown key', { surprise: true }, ''],
  ])('refuses %s', (_name, change, path) => {
    const parsed = PolicyRulesSchema.safeParse({ ...DEFAULT_POLICY.rules, ...change });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.path.join('.')).toContain(path);
  });
});
