// Whether the learning loop's judgements are right, as operators see it through the public API
// (learningQuality): recurrence precision and recall from operators' verdicts on matches
// (confirmRecurrence, rejectRecurrence, reportMissedRecurrence), acceptance of the auto cycle's
// answers from their checked feedback, per-detector precision and recall from labelled outcomes.
// Every figure is checked against values worked out by hand from the story below.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './generated/index.js';
import { ManualClock } from './helpers/clock.js';
import { fileRequest, runCycle } from './helpers/itsm.js';
import { codeOf, learningCast, LearningSeedThreshold } from './helpers/learning.js';
import { startTestServer, type TestServer, type UserClient } from './helpers/server.js';

const QualityRead = graphql(`
  query QualityRead {
    learningQuality {
      recurrence { confirmed rejected missed precision recall }
      autoAnswers { answered checked effective ineffective unknown pending acceptance }
      detectors(first: 10) { totalCount edges { node { source metricType truePositive falsePositive missedCount precision recall } } }
    }
  }
`);

const QualityConfirm = graphql(`
  mutation QualityConfirm($srId: ID!) {
    confirmRecurrence(srId: $srId) { srId verdict reason reviewedBy request { id } pattern { id } }
  }
`);

const QualityReject = graphql(`
  mutation QualityReject($srId: ID!, $reason: String!) {
    rejectRecurrence(srId: $srId, reason: $reason) { srId verdict reason reviewedBy pattern { id } }
  }
`);

const QualityMissed = graphql(`
  mutation QualityMissed($srId: ID!, $patternId: ID!, $reason: String) {
    reportMissedRecurrence(srId: $srId, patternId: $patternId, reason: $reason) { srId verdict reason pattern { id } }
  }
`);

const QualityArticle = graphql(`
  mutation QualityArticle($input: CreateKbArticleInput!) {
    createKbArticle(input: $input) { id }
  }
`);

const QualityPublish = graphql(`
  mutation QualityPublish($id: ID!) {
    publishKbArticle(id: $id) { id }
  }
`);

const QualityFeedback = graphql(`
  mutation QualityFeedback($input: SolutionFeedbackInput!) {
    recordSolutionFeedback(input: $input) { id appliedBy }
  }
`);

const QualityOutcome = graphql(`
  mutation QualityOutcome($input: AnomalyOutcomeInput!) {
    recordAnomalyOutcome(input: $input) { id }
  }
`);

const QualityMissedDetection = graphql(`
  mutation QualityMissedDetection($input: DetectorInput!) {
    recordMissedDetection(input: $input) { id }
  }
`);

const DAY_MS = 86_400_000;

let server: TestServer;
const clock = new ManualClock();
let admin: UserClient;
let engineer: UserClient;
let viewer: UserClient;
let requester: UserClient;

beforeAll(async () => {
  server = await startTestServer({}, { clock });
  ({ admin, engineer, viewer, requester } = await learningCast(server));
});
afterAll(() => server?.stop());

/** Files an incident at an institution, a minute after the previous one; returns its id and pattern. */
async function incident(title: string, instId = 1) {
  clock.advanceMinutes(1);
  const filed = await fileRequest(engineer, { title, description: title, type: 'INCIDENT', instId });
  return { id: filed.id, patternId: filed.patternId };
}

describe('learningQuality before anything is measured', () => {
  it('has zero counts and null figures, and REQUESTERs may not read it', async () => {
    expect((await viewer.data(QualityRead)).learningQuality).toEqual({
      recurrence: { confirmed: 0, rejected: 0, missed: 0, precision: null, recall: null },
      autoAnswers: { answered: 0, checked: 0, effective: 0, ineffective: 0, unknown: 0, pending: 0, acceptance: null },
      detectors: { totalCount: 0, edges: [] },
    });
    const refused = await requester.request(QualityRead);
    expect(codeOf(refused)).toBe('FORBIDDEN');
    expect(refused.data?.learningQuality ?? null).toBeNull();
  });
});

describe('recurrence precision and recall from operators verdicts', () => {
  it('counts confirmed, rejected and missed matches, the latest verdict on a pair only', async () => {
    // Pattern A (VPN fails) opened by a1 and matched by a2 and a3; pattern B opened by b1, matched by b2.
    const a1 = await incident('VPN 접속 불가');
    const a2 = await incident('VPN 접속이 안 됩니다');
    const a3 = await incident('VPN 연결 실패');
    const b1 = await incident('Outlook 메일 발송 실패');
    const b2 = await incident('아웃룩 메일 발송 안됨');
    // Worded as a disconnection, c1 opened a pattern of its own: operators say it is A again.
    const c1 = await incident('VPN이 자꾸 끊겨요');
    const patternA = a1.patternId!;
    expect([a2.patternId, a3.patternId, b2.patternId]).toEqual([patternA, patternA, b1.patternId]);
    expect(c1.patternId).not.toBe(patternA);

    expect((await engineer.data(QualityConfirm, { srId: a2.id })).confirmRecurrence).toEqual({
      srId: a2.id, verdict: 'CONFIRMED', reason: null, reviewedBy: 'erin', request: { id: a2.id }, pattern: { id: patternA },
    });
    // A later verdict on the same request and pattern replaces the earlier one.
    await engineer.data(QualityConfirm, { srId: a3.id });
    expect((await admin.data(QualityReject, { srId: a3.id, reason: '다른 VPN 게이트웨이 문제' })).rejectRecurrence).toEqual({
      srId: a3.id, verdict: 'REJECTED', reason: '다른 VPN 게이트웨이 문제', reviewedBy: 'ada', pattern: { id: patternA },
    });
    await engineer.data(QualityConfirm, { srId: b2.id.toLowerCase() });
    expect((await engineer.data(QualityMissed, { srId: c1.id, patternId: patternA, reason: '같은 VPN 장애' })).reportMissedRecurrence).toEqual({
      srId: c1.id, verdict: 'MISSED', reason: '같은 VPN 장애', pattern: { id: patternA },
    });

    // By hand: confirmed a2, b2 (2); rejected a3 (1); missed c1 (1).
    // precision = 2 / (2 + 1) = 0.667, recall = 2 / (2 + 1) = 0.667.
    expect((await viewer.data(QualityRead)).learningQuality.recurrence).toEqual({ confirmed: 2, rejected: 1, missed: 1, precision: 0.667, recall: 0.667 });
  });

  it('refuses verdicts that judge no match, with the code and the field named', async () => {
    const first = await incident('프린터 용지 걸림');
    const unlinked = await incident('안녕하세요 확인 부탁드립니다');
    expect(unlinked.patternId).toBeNull();
    const elsewhere = await incident('프린터 용지가 걸렸어요', 2);
    const later = await incident('Excel 파일이 안 열립니다');

    const confirm = (srId: string) => engineer.request(QualityConfirm, { srId });
    const missed = (srId: string, patternId: string) => engineer.request(QualityMissed, { srId, patternId });
    expect(codeOf(await confirm(first.id))).toBe('CONFLICT'); // it opened its pattern
    expect(codeOf(await confirm(unlinked.id))).toBe('CONFLICT'); // it belongs to no pattern
    expect(codeOf(await confirm('SR-ZZZZZZZZ'))).toBe('NOT_FOUND');
    const malformed = await confirm('EXT-42');
    expect(codeOf(malformed)).toBe('BAD_USER_INPUT');
    expect(malformed.errors![0]!.message).toContain('srId');
    const blank = await engineer.request(QualityReject, { srId: first.id, reason: '  ' });
    expect(codeOf(blank)).toBe('BAD_USER_INPUT');
    expect(blank.errors![0]!.message).toContain('reason');

    expect(codeOf(await missed(first.id, first.patternId!))).toBe('CONFLICT'); // already belongs to it
    expect(codeOf(await missed(elsewhere.id, first.patternId!))).toBe('CONFLICT'); // another institution
    expect(codeOf(await missed(first.id, later.patternId!))).toBe('CONFLICT'); // began after the request
    expect(codeOf(await missed(first.id, 'PAT-999999'))).toBe('NOT_FOUND');
    expect(codeOf(await missed(first.id, 'PAT-x'))).toBe('BAD_USER_INPUT');

    // VIEWERs read the figures but cannot give a verdict; REQUESTERs can do neither.
    expect(codeOf(await viewer.request(QualityConfirm, { srId: first.id }))).toBe('FORBIDDEN');
    expect(codeOf(await requester.request(QualityMissed, { srId: first.id, patternId: later.patternId! }))).toBe('FORBIDDEN');
    // Nothing refused was counted.
    expect((await viewer.data(QualityRead)).learningQuality.recurrence).toEqual({ confirmed: 2, rejected: 1, missed: 1, precision: 0.667, recall: 0.667 });
  });
});

describe('acceptance of automatic answers from their feedback', () => {
  it("counts the cycle's answers only, by whether their pattern recurred within the window", async () => {
    const { createKbArticle: article } = await engineer.data(QualityArticle, {
      input: {
        title: '비밀번호 초기화 방법 / How to reset your password',
        body: '그룹웨어 비밀번호를 잊어버렸다면 셀프서비스 포털에서 사번과 휴대폰 인증으로 초기화할 수 있습니다.\nIf you forgot your groupware password, reset it on the self-service portal with your employee number and a code sent to your phone.',
        tags: ['account', 'password'],
      },
    });
    await engineer.data(QualityPublish, { id: article.id });
    const asked = await fileRequest(requester, { title: '비밀번호 초기화는 어떻게 하나요?', description: '그룹웨어 비밀번호를 잊어버렸습니다.', type: 'INQUIRY' });
    for (const instId of [2, 3]) await fileRequest(engineer, { title: 'How do I reset my password?', description: 'I forgot my groupware password.', type: 'INQUIRY', instId });
    expect((await runCycle(admin)).step('answerInquiries')).toMatchObject({ processed: 3 });
    // A person's feedback is not an automatic answer.
    expect((await engineer.data(QualityFeedback, { input: { srId: asked.id, kbId: article.id } })).recordSolutionFeedback.appliedBy).toBe('erin');
    expect((await viewer.data(QualityRead)).learningQuality.autoAnswers).toEqual({ answered: 3, checked: 0, effective: 0, ineffective: 0, unknown: 0, pending: 3, acceptance: null });

    // The first requester asks again the next day: that answer did not hold.
    clock.advance(DAY_MS);
    await fileRequest(requester, { title: '비밀번호 초기화는 어떻게 하나요?', description: '그룹웨어 비밀번호를 또 잊어버렸습니다.', type: 'INQUIRY' });
    clock.advance(15 * DAY_MS);
    await server.runJob('learning-feedback-effectiveness');
    // By hand: 3 answers checked, 2 held, 1 recurred: acceptance 2 / (2 + 1) = 0.667.
    expect((await viewer.data(QualityRead)).learningQuality.autoAnswers).toEqual({ answered: 3, checked: 3, effective: 2, ineffective: 1, unknown: 0, pending: 0, acceptance: 0.667 });

    // The next cycle answers the repeated question: a fourth answer, pending until its window passes.
    expect((await runCycle(admin)).step('answerInquiries')).toMatchObject({ processed: 1 });
    expect((await viewer.data(QualityRead)).learningQuality.autoAnswers).toEqual({ answered: 4, checked: 3, effective: 2, ineffective: 1, unknown: 0, pending: 1, acceptance: 0.667 });
  });
});

describe('per-detector precision and recall', () => {
  it('lists the detectors with labelled outcomes, each with the counts behind its figures', async () => {
    for (const [source, metricType, baseThreshold] of [['web01', 'cpu', 80], ['db01', 'latency', 200], ['mail01', 'queue', 50]] as const) {
      await engineer.data(LearningSeedThreshold, { input: { source, metricType, baseThreshold } });
    }
    const outcome = (source: string, metricType: string, wasActualIncident: boolean) => engineer.data(QualityOutcome, { input: { source, metricType, wasActualIncident } });
    for (const real of [true, true, true, false]) await outcome('web01', 'cpu', real);
    await engineer.data(QualityMissedDetection, { input: { source: 'web01', metricType: 'cpu' } });
    for (const real of [false, false]) await outcome('db01', 'latency', real);

    const { detectors } = (await viewer.data(QualityRead)).learningQuality;
    // By hand: web01/cpu TP 3, FP 1, missed 1: precision 3 / 4, recall 3 / 4; db01/latency two false
    // alarms: precision 0, recall unknown; mail01/queue has no labelled outcome and is not listed.
    expect(detectors.totalCount).toBe(2);
    expect(detectors.edges.map((edge) => edge.node).sort((a, b) => a.source.localeCompare(b.source))).toEqual([
      { source: 'db01', metricType: 'latency', truePositive: 0, falsePositive: 2, missedCount: 0, precision: 0, recall: null },
      { source: 'web01', metricType: 'cpu', truePositive: 3, falsePositive: 1, missedCount: 1, precision: 0.75, recall: 0.75 },
    ]);
  });
});
