// The pure rules of the change analysis, tested directly: which resource names a text carries and
// how two names relate, what followed a change (no look-ahead), the probable-cause score built from
// its evidence, and the risk policy's history rule with the numbers in its explanation.
import { describe, expect, it } from 'vitest';
import { actionTargetNames, followUps, historyRecord, matchNames, similarActions, type ExecutedAction, type Trouble } from '../src/modules/approvals/change-history.js';
import { assess, DEFAULT_POLICY, PolicyRulesSchema, type RiskPolicy } from '../src/modules/approvals/risk-policy.js';
import { causeEvidence, EVIDENCE_WEIGHTS, formatLag, rankCauses, type CauseSubject } from '../src/modules/changes/cause-ranking.js';
import { identifierRelation, namedIdentifiers, targetNames } from '../src/modules/language/identifiers.js';

const HOUR = 3_600_000;
const T0 = new Date('2026-03-02T00:00:00Z');
const at = (hours: number) => new Date(T0.getTime() + hours * HOUR);

function action(id: string, actionType: string, target: string | null, description: string, hours: number): ExecutedAction {
  return { id, actionType, target, description, environment: 'PROD', executedAt: at(hours) };
}

function trouble(kind: Trouble['kind'], id: string, names: string[], hours: number): Trouble {
  return { kind, id, names, at: at(hours), summary: id };
}

describe('resource names in Korean and English text', () => {
  it('keeps hosts, services, databases and addresses, and drops lexicon words, numbers, versions and opsloop ids', () => {
    expect(namedIdentifiers('billing-api에서 502 오류, v4.2 배포 후 SR-ABCD1234 참고')).toEqual(['billing-api']);
    expect(namedIdentifiers('max_connections 200 → 50 on orders-db (db-prod-01), VPN 10.0.0.15')).toEqual(['max_connections', 'orders-db', 'db-prod-01', '10.0.0.15']);
    expect(targetNames('invoices')).toEqual(['invoices']);
    expect(targetNames('orders database')).toEqual([]);
  });

  it('relates siblings of one family and parents, not services that only share a word', () => {
    expect(identifierRelation('web-01', 'web-02')).toBe('RELATED');
    expect(identifierRelation('billing-api', 'billing-api-canary')).toBe('RELATED');
    expect(identifierRelation('payment-gw-v2', 'payment-gw-02')).toBe('RELATED');
    expect(identifierRelation('billing-api', 'billing-worker')).toBeNull();
    expect(identifierRelation('orders-api', 'orders-db')).toBeNull();
    expect(matchNames(['web-02'], ['cpu_usage', 'web-01'])).toEqual({ relation: 'RELATED', name: 'web-02', other: 'web-01' });
  });

  it('takes an action without a target by the identifiers of its description', () => {
    expect(actionTargetNames({ target: null, description: 'VPN gateway vpn-gw-01 MTU 1500 → 1400' })).toEqual(['vpn-gw-01']);
    expect(actionTargetNames({ target: 'billing-api', description: 'on web-01' })).toEqual(['billing-api']);
  });
});

describe('what followed a change', () => {
  const deploy = { executedAt: at(0), names: ['billing-api'] };
  const troubles = [
    trouble('ANOMALY', 'ANM-1', ['billing-api'], 2),
    trouble('INCIDENT', 'INC-1', ['billing-api'], 2),
    trouble('PATTERN', 'PAT-1', ['billing-api'], 30),
    trouble('INCIDENT', 'INC-2', ['search-api'], 1),
    trouble('ANOMALY', 'ANM-0', ['billing-api'], -1),
  ];

  it('counts troubles on the same or a related target after it, within the window, known before the asked time', () => {
    expect(followUps(deploy, troubles, 24 * HOUR, at(100)).map((t) => t.id)).toEqual(['ANM-1', 'INC-1']);
    expect(followUps(deploy, troubles, 48 * HOUR, at(100)).map((t) => t.id)).toEqual(['ANM-1', 'INC-1', 'PAT-1']);
    // As of one hour after the change nothing had followed yet: no look-ahead.
    expect(followUps(deploy, troubles, 24 * HOUR, at(1))).toEqual([]);
  });

  it('counts the similar actions (type and target) an incident followed', () => {
    const past = [
      action('ACT-A', 'DEPLOY', 'billing-api', 'v1', -50),
      action('ACT-B', 'DEPLOY', 'billing-api-canary', 'v2 canary', -30),
      action('ACT-C', 'DEPLOY', 'search-api', 'v3', -20),
      action('ACT-D', 'RESTART_SERVICE', 'billing-api', 'restart', -10),
    ];
    const incidents = [trouble('INCIDENT', 'INC-9', ['billing-api'], -48), trouble('INCIDENT', 'INC-8', ['search-api'], -19)];
    const similar = similarActions(past, 'DEPLOY', ['billing-api'], at(-100), at(0));
    expect(similar.map((a) => a.id)).toEqual(['ACT-A', 'ACT-B']);
    expect(historyRecord(similar, incidents, ['INCIDENT'], 24 * HOUR, at(0))).toEqual({ similar: 2, followed: 1 });
  });
});

describe('probable-cause score', () => {
  const subject: CauseSubject = { kind: 'problem', firstOccurrenceAt: at(0), names: ['billing-api', 'web-01'], keywords: ['payment', 'deploy'], category: 'APPLICATION' };

  it('explains each weight: lag, same target, shared identifier, keywords, history', () => {
    const deploy = action('ACT-TRUE', 'DEPLOY', 'billing-api', 'billing-api 결제 모듈 배포 on web-01', -2);
    const evidence = causeEvidence(subject, deploy, { similar: 3, followed: 2 }, 24);
    expect(evidence.map((e) => e.kind)).toEqual(['TIME_LAG', 'SAME_TARGET', 'SHARED_IDENTIFIER', 'SHARED_KEYWORDS', 'HISTORY']);
    expect(evidence[0]).toEqual({ kind: 'TIME_LAG', weight: 0.238, detail: "ran 2 h before the problem's first occurrence" });
    expect(evidence[1]!.weight).toBe(EVIDENCE_WEIGHTS.sameTarget);
    expect(evidence[2]!.detail).toBe('its description names web-01, as the problem does');
    expect(evidence[3]!.detail).toBe('both say payment, deploy');
    expect(evidence[4]).toMatchObject({ weight: 0.1, detail: '2 of 3 earlier DEPLOYs on billing-api were followed by trouble (incident, severe anomaly or recurring requests) within 24 h' });
  });

  it('ranks the change on the named target above a closer coincidence, and leaves out what ran after', () => {
    const candidates = [
      action('ACT-NOISE', 'RESTART_SERVICE', 'print-spooler', 'print-spooler 재시작', -0.25),
      action('ACT-TRUE', 'DEPLOY', 'billing-api', 'release', -3),
      action('ACT-LATE', 'DEPLOY', 'billing-api', 'hotfix', 1),
    ];
    const ranked = rankCauses(subject, candidates, () => null, 24);
    expect(ranked.map((c) => [c.actionId, c.rank])).toEqual([
      ['ACT-TRUE', 1],
      ['ACT-NOISE', 2],
    ]);
    // 0.212 (3 h of lag) + 0.35 (billing-api) + 0.05 ("release" is a deploy, as the problem says).
    expect(ranked[0]!.score).toBe(0.612);
    expect(ranked[0]!.evidence.map((e) => e.kind)).toEqual(['TIME_LAG', 'SAME_TARGET', 'SHARED_KEYWORDS']);
  });

  it('writes lags in words', () => {
    expect([45, 60, 130, 1500, 4320].map((minutes) => formatLag(minutes * 60_000))).toEqual(['45 min', '1 h', '2 h 10 min', '1 d 1 h', '3 d']);
  });
});

describe('risk policy history rule', () => {
  const rule = { minSimilar: 3, incidentRatio: 0.5, windowDays: 90, followWindowHours: 24, raise: 1 };
  const policy: RiskPolicy = { version: 2, rules: { ...DEFAULT_POLICY.rules, history: rule } };
  const deploy = { actionType: 'DEPLOY', environment: 'STG' as const, targetCount: 1 };

  it('is absent from version 1, and a draft with it parses', () => {
    expect(DEFAULT_POLICY.rules.history).toBeUndefined();
    expect(PolicyRulesSchema.safeParse(policy.rules).success).toBe(true);
    expect(PolicyRulesSchema.safeParse({ ...policy.rules, history: { ...rule, incidentRatio: 2 } }).success).toBe(false);
  });

  it('raises a bad record by one level and shows the numbers', () => {
    const result = assess(policy, deploy, { history: { target: 'billing-api', similar: 5, followedByIncident: 4 } });
    expect(result.riskLevel).toBe('HIGH');
    expect(result.factors.at(-1)).toEqual({
      name: 'history',
      effect: '+1',
      detail: '4 of 5 past DEPLOYs to billing-api within 90 days were followed by an incident within 24 h (80% > 50%)',
    });
  });

  it('leaves a good record, a short record and version 1 alone', () => {
    expect(assess(policy, deploy, { history: { target: 'billing-api', similar: 4, followedByIncident: 2 } }).riskLevel).toBe('MEDIUM');
    expect(assess(policy, deploy, { history: { target: 'billing-api', similar: 2, followedByIncident: 2 } }).riskLevel).toBe('MEDIUM');
    expect(assess(DEFAULT_POLICY, deploy, { history: { target: 'billing-api', similar: 5, followedByIncident: 5 } }).riskLevel).toBe('MEDIUM');
  });
});
