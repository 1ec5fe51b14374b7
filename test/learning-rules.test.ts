// The learning loop's pure rules, tested directly: similarity and the recurrence decision,
// calibration maths and severity, effectiveness scoring, lesson confidence and the failure target a
// lesson feeds to risk. Keyword extraction itself is the language module's (test/keywords.test.ts).
import { describe, expect, it } from 'vitest';
import { calibrate, changePctOf, countsSince, precisionOf, recallOf } from '../src/modules/learning/calibration.js';
import { severityOf } from '../src/modules/learning/severity.js';
import { extractKeywords } from '../src/modules/language/keywords.js';
import { effectivenessScore, feedbackState } from '../src/modules/learning/feedback.service.js';
import { categoryFromKeywords, failureTarget, lessonConfidence } from '../src/modules/learning/lessons.service.js';
import { isRecurrenceMatch, keywordSimilarity, probeKeywords, recurrenceConflict } from '../src/modules/learning/similarity.js';

describe('similarity and the recurrence decision', () => {
  const set = (title: string, description = '') => extractKeywords(title, description);

  it('is 1 for the same keywords and falls with different symptoms, systems or environments', () => {
    expect(keywordSimilarity(set('VPN 접속 불가'), set('VPN 접속 불가'))).toBe(1);
    expect(isRecurrenceMatch(set('VPN 접속 불가'), set('VPN 접속 느림'), 0.55).match).toBe(false);
    expect(isRecurrenceMatch(set('Cannot login to ERP'), set('Cannot login to VPN'), 0.55).match).toBe(false);
    expect(isRecurrenceMatch(set('운영 서버 배포 실패'), set('개발 서버 배포 실패'), 0.55).match).toBe(false);
    expect(isRecurrenceMatch(set('VPN 연결 끊김'), set('VPN이 자꾸 끊겨요', '재택근무 중에 VPN이 끊깁니다'), 0.55).match).toBe(true);
  });

  it('weighs a failure word at half: two problems of one system are not alike for both failing', () => {
    expect(isRecurrenceMatch(set('ERP 로그인 실패'), set('ERP 보고서 출력 오류'), 0.55).match).toBe(false);
    expect(isRecurrenceMatch(set('그룹웨어 로그인 불가'), set('그룹웨어 결재 승인 오류'), 0.55).match).toBe(false);
    expect(isRecurrenceMatch(set('ERP 로그인 실패'), set('ERP에 로그인이 안 됩니다'), 0.55).match).toBe(true);
  });

  it('refuses sibling identifiers, other error names, other operations and other business records', () => {
    const conflict = (left: string, right: string) => recurrenceConflict(set(left), set(right));
    expect(conflict('VLAN 20 no DHCP lease', 'VLAN 30 no DHCP lease')).toBe('vlan-20 vs vlan-30');
    expect(conflict('NullPointerException in billing service', 'OutOfMemoryError in billing service')).toBe('nullpointerexception vs outofmemoryerror');
    expect(conflict('Kubernetes pod OOMKilled', 'Kubernetes pod ImagePullBackOff')).toBe('oomkilled vs imagepullbackoff');
    expect(conflict('운영 서버 재시작 요청', '운영 서버 패치 요청')).toBe('restart vs patch');
    expect(conflict('Kafka topic orders lag', 'Kafka topic invoices lag')).toBe('order vs invoice');
    expect(isRecurrenceMatch(set('VLAN 20 no DHCP lease'), set('No DHCP lease on VLAN 20'), 0.55).match).toBe(true);
  });

  it('weighs description-only words at half, so long descriptions do not drown the title', () => {
    const short = set('VPN 접속 불가');
    const long = set('VPN 접속 불가', '재택근무 노트북 윈도우 업데이트 이후 클라이언트 인증 화면');
    expect(keywordSimilarity(short, long)).toBeGreaterThan(0.55);
  });

  it('probes the index without generic words only when that cannot lose a match', () => {
    expect(probeKeywords(set('DB 서버 접속 불가 ORA-12541'), 0.55)).toContain('ora-12541');
    expect(probeKeywords(set('DB 서버 접속 불가 ORA-12541'), 0.55)).not.toContain('fail');
    // Random sets over a small vocabulary: every match shares a probe keyword with the request.
    const vocabulary = ['fail', 'server', 'connect', 'app', 'web', 'vpn', 'db', 'slow', 'ora-12541', 'nginx', 'prod', 'mail', 'send', 'x1', 'x2'];
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = () => {
      const words = [...new Set(Array.from({ length: 2 + Math.floor(random() * 5) }, () => vocabulary[Math.floor(random() * vocabulary.length)]!))];
      const core = words.slice(0, 1 + Math.floor(random() * words.length));
      return { keywords: words, techKeywords: words.filter((w) => /\d|vpn|nginx|db/.test(w)), signature: [...core].sort().join(' ') };
    };
    let matches = 0;
    for (let i = 0; i < 20_000; i++) {
      const request = pick();
      const pattern = pick();
      if (request.signature === pattern.signature || !isRecurrenceMatch(request, pattern, 0.55).match) continue;
      matches++;
      const probe = probeKeywords(request, 0.55);
      expect(pattern.keywords.some((k) => probe.includes(k))).toBe(true);
    }
    expect(matches).toBeGreaterThan(100);
  });

  it('never matches empty keyword sets', () => {
    expect(isRecurrenceMatch(set('문의'), set('문의'), 0.1)).toEqual({ match: false, similarity: 0 });
  });
});

describe('calibration maths', () => {
  const base = { baseThreshold: 100, adaptedThreshold: 100, minOutcomes: 5 };

  it('needs the minimum number of outcomes', () => {
    const result = calibrate({ ...base, sinceLastAdjustment: { truePositive: 0, falsePositive: 4, missedCount: 0 } });
    expect(result).toMatchObject({ adjusted: false, newThreshold: 100 });
    expect(result.reason).toContain('needs 5');
  });

  it('raises on false positives, lowers on misses, proportionally and by at most 10%', () => {
    expect(calibrate({ ...base, sinceLastAdjustment: { truePositive: 0, falsePositive: 10, missedCount: 0 } }).newThreshold).toBe(110);
    expect(calibrate({ ...base, sinceLastAdjustment: { truePositive: 2, falsePositive: 3, missedCount: 0 } }).newThreshold).toBe(106);
    expect(calibrate({ ...base, sinceLastAdjustment: { truePositive: 0, falsePositive: 0, missedCount: 7 } }).newThreshold).toBe(90);
    expect(calibrate({ ...base, sinceLastAdjustment: { truePositive: 1, falsePositive: 0, missedCount: 4 } }).newThreshold).toBe(92);
  });

  it('holds still when outcomes are balanced or true positives dominate', () => {
    expect(calibrate({ ...base, sinceLastAdjustment: { truePositive: 8, falsePositive: 1, missedCount: 1 } }).adjusted).toBe(false);
    expect(calibrate({ ...base, sinceLastAdjustment: { truePositive: 0, falsePositive: 3, missedCount: 3 } }).adjusted).toBe(false);
  });

  it('moves on an imbalance that is more than chance, however diluted by true positives', () => {
    // z = |FP − missed| / √(FP + missed): 2/√2 = 1.41 may be chance; 3/√3 = 1.73 is not.
    expect(calibrate({ ...base, sinceLastAdjustment: { truePositive: 20, falsePositive: 2, missedCount: 0 } })).toMatchObject({ adjusted: false });
    expect(calibrate({ ...base, sinceLastAdjustment: { truePositive: 20, falsePositive: 2, missedCount: 0 } }).reason).toContain('chance');
    // A drifting detector: 3 new false alarms among 30 outcomes (10% of them) still move it, by 1%.
    expect(calibrate({ ...base, sinceLastAdjustment: { truePositive: 27, falsePositive: 3, missedCount: 0 } }).newThreshold).toBe(101);
  });

  it('needs stronger evidence to move back towards the base (hysteresis: no ping-pong)', () => {
    const raised = { ...base, adaptedThreshold: 120 };
    // Lowering a raised threshold needs z ≥ 3: 4 misses (z 2) are not enough, 9 (z 3) are.
    expect(calibrate({ ...raised, sinceLastAdjustment: { truePositive: 6, falsePositive: 0, missedCount: 4 } }).adjusted).toBe(false);
    expect(calibrate({ ...raised, sinceLastAdjustment: { truePositive: 6, falsePositive: 0, missedCount: 9 } }).newThreshold).toBeLessThan(120);
    // Raising it further needs only z ≥ 1.5.
    expect(calibrate({ ...raised, sinceLastAdjustment: { truePositive: 6, falsePositive: 4, missedCount: 0 } }).newThreshold).toBeGreaterThan(120);
  });

  it('stays within 0.5×–2× of the base', () => {
    const fp = { truePositive: 0, falsePositive: 5, missedCount: 0 };
    const missed = { truePositive: 0, falsePositive: 0, missedCount: 5 };
    expect(calibrate({ ...base, adaptedThreshold: 195, sinceLastAdjustment: fp }).newThreshold).toBe(200);
    expect(calibrate({ ...base, adaptedThreshold: 200, sinceLastAdjustment: fp })).toMatchObject({ adjusted: false, newThreshold: 200 });
    expect(calibrate({ ...base, adaptedThreshold: 52, sinceLastAdjustment: missed }).newThreshold).toBe(50);
    expect(calibrate({ ...base, adaptedThreshold: 50, sinceLastAdjustment: missed }).adjusted).toBe(false);
  });

  it('counts outcomes since the last adjustment; precision, recall and change are defined or null', () => {
    expect(countsSince({ truePositive: 5, falsePositive: 9, missedCount: 2 }, { truePositive: 4, falsePositive: 3, missedCount: 2 })).toEqual({ truePositive: 1, falsePositive: 6, missedCount: 0 });
    expect(precisionOf({ truePositive: 3, falsePositive: 1, missedCount: 0 })).toBe(0.75);
    expect(precisionOf({ truePositive: 0, falsePositive: 0, missedCount: 3 })).toBeNull();
    expect(recallOf({ truePositive: 3, falsePositive: 0, missedCount: 1 })).toBe(0.75);
    expect(recallOf({ truePositive: 0, falsePositive: 4, missedCount: 0 })).toBeNull();
    expect(changePctOf(80, 88)).toBe(10);
  });

  it('grades severity from the threshold: under → none, 1× MEDIUM, 1.25× HIGH, 1.5× CRITICAL', () => {
    expect(severityOf(79.99, 80)).toBeNull();
    expect(severityOf(80, 80)).toBe('MEDIUM');
    expect(severityOf(99.99, 80)).toBe('MEDIUM');
    expect(severityOf(100, 80)).toBe('HIGH');
    expect(severityOf(120, 80)).toBe('CRITICAL');
  });
});

describe('effectiveness and lessons', () => {
  const applied = new Date('2026-01-01T00:00:00Z');
  const due = new Date('2026-01-15T00:00:00Z');

  it('scores 1 without recurrence and up to 0.5 by how long the solution held', () => {
    expect(effectivenessScore(applied, due, undefined)).toEqual({ score: 1, recurredWithinDays: null });
    expect(effectivenessScore(applied, due, new Date('2026-01-01T06:00:00Z'))).toEqual({ score: 0.009, recurredWithinDays: 0 });
    expect(effectivenessScore(applied, due, new Date('2026-01-08T00:00:00Z'))).toEqual({ score: 0.25, recurredWithinDays: 7 });
    expect(feedbackState({ checkedAt: null, effectivenessScore: null, recurredWithinDays: null })).toBe('PENDING');
    expect(feedbackState({ checkedAt: due, effectivenessScore: 0.25, recurredWithinDays: 7 })).toBe('INEFFECTIVE');
  });

  it('grows confidence with effectiveness, evidence and recurrence', () => {
    expect(lessonConfidence(1, 1, 3, 3)).toBe(0.375);
    expect(lessonConfidence(1, 3, 6, 3)).toBe(0.75);
    expect(lessonConfidence(0.8, 9, 20, 3)).toBe(0.72);
  });

  it('names an operation and environment only for incidents whose keywords say both', () => {
    expect(failureTarget('INCIDENT', extractKeywords('운영 서버 배포 실패', '').keywords)).toEqual({ actionType: 'DEPLOY', environment: 'PROD' });
    expect(failureTarget('INCIDENT', extractKeywords('staging DB migration failed', '').keywords)).toEqual({ actionType: 'DB_MIGRATION', environment: 'STG' });
    expect(failureTarget('INCIDENT', extractKeywords('개발 서버 설정 변경 후 장애', '').keywords)).toEqual({ actionType: 'CONFIG_CHANGE', environment: 'DEV' });
    expect(failureTarget('INCIDENT', extractKeywords('운영 서버 재시작 후 접속 불가', '').keywords)).toEqual({ actionType: 'RESTART_SERVICE', environment: 'PROD' });
    expect(failureTarget('INCIDENT', extractKeywords('패치 후 오류', '').keywords)).toBeNull();
    expect(failureTarget('CHANGE', extractKeywords('운영 배포 요청', '').keywords)).toBeNull();
  });

  it('guesses a category from keywords', () => {
    expect(categoryFromKeywords(extractKeywords('ORA-12541 DB 접속 불가', '').keywords)).toBe('DATABASE');
    expect(categoryFromKeywords(extractKeywords('VPN 연결 끊김', '').keywords)).toBe('NETWORK');
    expect(categoryFromKeywords([])).toBe('OTHER');
  });
});
