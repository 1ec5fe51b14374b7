// The learning loop through the public API: recurrence detection and escalation to problems,
// solution effectiveness measured by recurrence (and fed back to KB articles), lessons mined from
// what worked, learning statistics — with the role rules and input checks of each operation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './generated/index.js';
import { ManualClock } from './helpers/clock.js';
import { codeOf, detect, learningCast, LearningDetect, LearningPatterns, LearningProblems, LearningStatsQuery, nextSrId } from './helpers/learning.js';
import { startTestServer, type TestServer, type UserClient } from './helpers/server.js';

const LearningPattern = graphql(`
  query LearningPattern($id: ID!) {
    pattern(id: $id) { id occurrenceCount srIds escalated escalatedAt problem { id status } }
  }
`);

const LearningEscalated = graphql(`
  subscription LearningEscalated {
    patternEscalated { id occurrenceCount escalated problem { id status } }
  }
`);

const LearningRecordFeedback = graphql(`
  mutation LearningRecordFeedback($input: SolutionFeedbackInput!) {
    recordSolutionFeedback(input: $input) {
      id srId kbId kbDocId appliedAt dueAt appliedBy state effectivenessScore recurredWithinDays checkedAt pattern { id }
    }
  }
`);

const LearningCheckFeedback = graphql(`
  mutation LearningCheckFeedback($id: ID!) {
    checkSolutionEffectiveness(id: $id) { id state effectivenessScore recurredWithinDays checkedAt }
  }
`);

const LearningFeedbacks = graphql(`
  query LearningFeedbacks($kbId: String, $srId: String, $checked: Boolean) {
    feedbacks(kbId: $kbId, srId: $srId, checked: $checked, first: 50) { totalCount edges { node { id srId state effectivenessScore } } }
  }
`);

const LearningCreateArticle = graphql(`
  mutation LearningCreateArticle($input: CreateKbArticleInput!) {
    createKbArticle(input: $input) { id }
  }
`);

const LearningCreateRequest = graphql(`
  mutation LearningCreateRequest($input: CreateServiceRequestInput!) {
    createServiceRequest(input: $input) { id }
  }
`);

const LearningArticle = graphql(`
  query LearningArticle($id: ID!) {
    kbArticle(id: $id) { id effectivenessScore appliedCount failedCount }
  }
`);

const LearningMine = graphql(`
  mutation LearningMine($daysBack: Int, $minOccurrences: Int) {
    mineLessons(daysBack: $daysBack, minOccurrences: $minOccurrences) {
      examined created updated
      lessons { id lessonId title category problemPattern rootCause effectiveSolution prevention confidenceScore isVerified isFailure actionType environment pattern { id } }
    }
  }
`);

const LearningLessons = graphql(`
  query LearningLessons($verifiedOnly: Boolean, $category: String) {
    lessons(verifiedOnly: $verifiedOnly, category: $category, first: 50) {
      totalCount
      edges { node { id lessonId confidenceScore isVerified category } }
    }
  }
`);

const LearningVerify = graphql(`
  mutation LearningVerify($id: ID!) {
    verifyLesson(id: $id) { id isVerified verifiedBy verifiedAt }
  }
`);

const DAY_MS = 86_400_000;
/** The feedback window (the default 14 days): time passes on the server's clock, moved by hand. */
const FEEDBACK_WINDOW_MS = 14 * DAY_MS;

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

async function patternCount(): Promise<number> {
  return (await admin.data(LearningPatterns, { first: 1 })).patterns.totalCount;
}

describe('recurrence detection', () => {
  it('matches Korean spacing and particle variants of one problem, showing signature and similarity', async () => {
    const first = await detect(engineer, 'DB서버 접속 불가', '오늘 아침부터 DB서버 접속 불가');
    expect(first).toMatchObject({ isRecurrence: false, similarity: 0, escalatedNow: false, matchedSignature: null, escalationThreshold: 3, windowDays: 30 });
    expect(first.keywords).toEqual(expect.arrayContaining(['db', 'server', 'connect', 'fail']));
    expect(first.techKeywords).toContain('db');
    expect(first.pattern).toMatchObject({ occurrenceCount: 1, srType: 'INCIDENT', instId: 1, escalated: false, problem: null });

    const second = await detect(engineer, 'DB 서버에 접속이 안 됩니다');
    expect(second.isRecurrence).toBe(true);
    expect(second.similarity).toBe(1);
    expect(second.matchedSignature).toBe(first.signature);
    expect(second.pattern!.id).toBe(first.pattern!.id);
    expect(second.pattern!.occurrenceCount).toBe(2);
    expect(second.occurrencesInWindow).toBe(2);
  });

  it('matches English and Korean requests by similarity, not only the exact signature', async () => {
    const korean = await detect(engineer, 'VPN 접속 불가', '', { instId: 2 });
    const english = await detect(engineer, 'Cannot connect to the VPN', 'VPN connection fails from home', { instId: 2 });
    expect(english.pattern!.id).toBe(korean.pattern!.id);
    expect(english.isRecurrence).toBe(true);
    expect(english.similarity).toBeGreaterThanOrEqual(english.similarityThreshold);
    // A different symptom on the same system is another problem.
    const slow = await detect(engineer, 'VPN 접속 느림', '', { instId: 2 });
    expect(slow.isRecurrence).toBe(false);
    expect(slow.pattern!.id).not.toBe(korean.pattern!.id);
  });

  it('never matches across institutions or request types', async () => {
    const here = await detect(engineer, '그룹웨어 로그인 불가', '', { instId: 3 });
    const elsewhere = await detect(engineer, '그룹웨어 로그인 불가', '', { instId: 4 });
    const noInstitution = await detect(engineer, '그룹웨어 로그인 불가', '', { instId: null });
    const inquiry = await detect(engineer, '그룹웨어 로그인 불가', '', { instId: 3, srType: 'INQUIRY' });
    const ids = new Set([here, elsewhere, noInstitution, inquiry].map((r) => r.pattern!.id));
    expect(ids.size).toBe(4);
    expect([here, elsewhere, noInstitution, inquiry].every((r) => !r.isRecurrence)).toBe(true);
    expect(noInstitution.pattern!.instId).toBeNull();
  });

  it('counts one request once, however often it is detected', async () => {
    const srId = nextSrId();
    const once = await detect(engineer, '메일 서버 발송 오류', '', { srId, instId: 5 });
    const again = await detect(engineer, '메일서버 발송 오류', '', { srId, instId: 5 });
    expect(again.pattern!.id).toBe(once.pattern!.id);
    expect(again.pattern!.occurrenceCount).toBe(1);
    expect(again.pattern!.srIds).toEqual([srId]);
  });

  it('escalates at the third occurrence to one problem, publishes patternEscalated, and reuses it after', async () => {
    const socket = await viewer.ws();
    const live = socket.subscribe(LearningEscalated);
    const texts = ['프린터 인쇄 안됨', '3층 프린터 인쇄가 되지 않습니다', '프린터에서 인쇄가 안 돼요', '프린터 인쇄 불가'];
    const results = [];
    for (const text of texts) results.push(await detect(engineer, text, '', { instId: 6 }));
    const [first, second, third, fourth] = results;
    expect(first!.escalatedNow || second!.escalatedNow).toBe(false);
    expect(third!.escalatedNow).toBe(true);
    expect(third!.pattern).toMatchObject({ occurrenceCount: 3, escalated: true, problem: { status: 'OPEN' } });
    expect(third!.pattern!.problem!.title).toContain('프린터');
    expect(fourth!.escalatedNow).toBe(false);
    expect(fourth!.pattern!.problem!.id).toBe(third!.pattern!.problem!.id);

    const event = await live.waitFor((r) => r.data?.patternEscalated?.id === third!.pattern!.id);
    expect(event.data!.patternEscalated).toMatchObject({ escalated: true, problem: { id: third!.pattern!.problem!.id } });
    live.unsubscribe();

    const problems = await viewer.data(LearningProblems, { status: 'OPEN' });
    const linked = problems.problems.edges.filter((e) => e.node.patterns.some((p) => p.id === third!.pattern!.id));
    expect(linked).toHaveLength(1);
    expect(linked[0]!.node.pattern!.id).toBe(third!.pattern!.id);

    const read = await viewer.data(LearningPattern, { id: third!.pattern!.id });
    expect(read.pattern).toMatchObject({ occurrenceCount: 4, escalated: true, problem: { id: third!.pattern!.problem!.id } });
    const escalated = await viewer.data(LearningPatterns, { escalatedOnly: true, first: 100 });
    expect(escalated.patterns.edges.map((e) => e.node.id)).toContain(third!.pattern!.id);
    expect(escalated.patterns.edges.every((e) => e.node.escalated)).toBe(true);
  });

  it('attaches a similar pattern that comes back after a quiet window to the open problem instead of opening another', async () => {
    const original = [];
    for (const text of ['ERP 접속 불가', 'ERP 접속이 안 됩니다', 'ERP에 접속 안됨']) original.push(await detect(engineer, text, '', { instId: 7 }));
    const problemId = original[2]!.pattern!.problem!.id;
    // Arrange: the original pattern was last seen 40 days ago (outside the 30-day window).
    const longAgo = new Date(clock.now().getTime() - 40 * DAY_MS);
    await server.db.pattern.update({ where: { id: Number(original[0]!.pattern!.id.replace(/^PAT-/, '')) }, data: { lastSeenAt: longAgo, firstSeenAt: longAgo, occurredAt: [longAgo, longAgo, longAgo] } });
    const before = (await admin.data(LearningProblems, {})).problems.totalCount;

    const comeback = [];
    for (const text of ['ERP 서버 접속 실패', 'ERP 서버에 접속이 안 돼요', 'ERP 서버 접속 불가']) comeback.push(await detect(engineer, text, '', { instId: 7 }));
    expect(comeback[0]!.pattern!.id).not.toBe(original[0]!.pattern!.id);
    expect(comeback[2]!.escalatedNow).toBe(true);
    expect(comeback[2]!.pattern!.problem!.id).toBe(problemId);
    expect((await admin.data(LearningProblems, {})).problems.totalCount).toBe(before);

    // Once that problem is resolved, three new occurrences (later that day) open a new one.
    await server.db.problem.update({ where: { id: problemId }, data: { status: 'RESOLVED', resolvedAt: clock.now() } });
    clock.advanceMinutes(60);
    const again = [];
    for (const text of ['ERP 서버 접속 실패', 'ERP 서버 접속 실패', 'ERP 서버 접속 실패']) again.push(await detect(engineer, text, '', { instId: 7 }));
    expect(again.slice(0, 2).some((r) => r.escalatedNow)).toBe(false);
    expect(again[2]!.escalatedNow).toBe(true);
    expect(again[2]!.pattern!.problem).toMatchObject({ status: 'OPEN' });
    expect(again[2]!.pattern!.problem!.id).not.toBe(problemId);
  });

  it('does not call a request a recurrence when its pattern was last seen outside the window', async () => {
    const first = await detect(engineer, '백업 서버 디스크 용량 부족', '', { instId: 9 });
    const longAgo = new Date(clock.now().getTime() - 45 * DAY_MS);
    await server.db.pattern.update({ where: { id: Number(first.pattern!.id.replace(/^PAT-/, '')) }, data: { lastSeenAt: longAgo, firstSeenAt: longAgo, occurredAt: [longAgo] } });
    const later = await detect(engineer, '백업 서버 디스크 용량 부족', '', { instId: 9 });
    expect(later.pattern!.id).toBe(first.pattern!.id);
    expect(later).toMatchObject({ isRecurrence: false, occurrencesInWindow: 1, escalatedNow: false });
    expect(later.pattern!.occurrenceCount).toBe(2);
  });

  it('creates one pattern and one problem when requests about one thing arrive at once', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, () => detect(engineer, 'nginx 502 에러 발생', '포털에서 nginx 502 오류', { instId: 8 })),
    );
    const ids = new Set(results.map((r) => r.pattern!.id));
    expect(ids.size).toBe(1);
    const [id] = [...ids];
    const read = await viewer.data(LearningPattern, { id: id! });
    expect(read.pattern!.occurrenceCount).toBe(6);
    expect(read.pattern!.srIds).toHaveLength(6);
    expect(results.filter((r) => r.escalatedNow)).toHaveLength(1);
    const problems = await viewer.data(LearningProblems, {});
    expect(problems.problems.edges.filter((e) => e.node.patterns.some((p) => p.id === id))).toHaveLength(1);
  });

  it('keeps the most recent 100 request ids on a pattern while occurrenceCount keeps the true count', async () => {
    const srIds = Array.from({ length: 105 }, () => nextSrId('EXT-CAP'));
    let patternId = '';
    for (const srId of srIds) patternId = (await detect(engineer, '전자결재 문서 상신 오류', '', { srId, instId: 77 })).pattern!.id;
    const read = (await viewer.data(LearningPattern, { id: patternId })).pattern!;
    expect(read.occurrenceCount).toBe(105);
    expect(read.srIds).toEqual(srIds.slice(-100));
    // A request among those kept is still counted once.
    await detect(engineer, '전자결재 문서 상신 오류', '', { srId: srIds[104]!, instId: 77 });
    expect((await viewer.data(LearningPattern, { id: patternId })).pattern!.occurrenceCount).toBe(105);
  });

  it('returns no pattern for text without usable keywords, and writes nothing', async () => {
    const before = await patternCount();
    const result = await detect(engineer, '문의드립니다', '확인 부탁드립니다');
    expect(result).toMatchObject({ pattern: null, isRecurrence: false, keywords: [] });
    expect(await patternCount()).toBe(before);
  });

  it('refuses empty text and ids with BAD_USER_INPUT naming the field, and writes nothing', async () => {
    const before = await patternCount();
    const emptyTitle = await engineer.request(LearningDetect, { input: { srId: nextSrId(), title: '   ', description: 'x', srType: 'INCIDENT', instId: 1 } });
    expect(codeOf(emptyTitle)).toBe('BAD_USER_INPUT');
    expect(emptyTitle.errors![0]!.message).toContain('input.title');
    const emptyId = await engineer.request(LearningDetect, { input: { srId: '', title: 'VPN 접속 불가', srType: 'INCIDENT' } });
    expect(codeOf(emptyId)).toBe('BAD_USER_INPUT');
    expect(emptyId.errors![0]!.message).toContain('input.srId');
    expect(await patternCount()).toBe(before);
  });

  it('lets VIEWERs read but not detect; REQUESTERs and anonymous callers get nothing', async () => {
    const input = { srId: nextSrId(), title: 'VPN 접속 불가', srType: 'INCIDENT' as const, instId: 1 };
    expect(codeOf(await viewer.request(LearningDetect, { input }))).toBe('FORBIDDEN');
    expect(codeOf(await requester.request(LearningDetect, { input }))).toBe('FORBIDDEN');
    expect(codeOf(await server.request(LearningDetect, { input }, null))).toBe('UNAUTHENTICATED');
    expect(codeOf(await requester.request(LearningPatterns, {}))).toBe('FORBIDDEN');
    expect(codeOf(await requester.request(LearningProblems, {}))).toBe('FORBIDDEN');
    expect(codeOf(await requester.request(LearningStatsQuery, {}))).toBe('FORBIDDEN');
    const pm = await server.as('pam', 'PM');
    expect((await pm.data(LearningDetect, { input })).detectRecurrence.pattern).not.toBeNull();
    expect((await viewer.data(LearningPatterns, { srType: 'INCIDENT' })).patterns.totalCount).toBeGreaterThan(0);

    const socket = await requester.ws();
    const denied = socket.subscribe(LearningEscalated);
    await denied.done;
    expect(denied.results.some((r) => r.data?.patternEscalated)).toBe(false);
    expect(denied.results[0]?.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('solution effectiveness', () => {
  let articleId: string;

  beforeAll(async () => {
    articleId = (await engineer.data(LearningCreateArticle, { input: { title: 'Outlook 발송 오류 해결', body: 'SMTP 인증을 다시 설정합니다.', tags: ['mail'] } })).createKbArticle.id;
  });

  it('records an applied solution, stays PENDING until due, and turns INEFFECTIVE when the pattern recurs', async () => {
    const srId = nextSrId();
    const detected = await detect(engineer, 'Outlook 메일 발송 실패', '', { srId, instId: 10 });
    const { recordSolutionFeedback: feedback } = await engineer.data(LearningRecordFeedback, { input: { srId, kbId: articleId } });
    expect(feedback).toMatchObject({ srId, kbId: articleId, kbDocId: articleId, appliedBy: 'erin', state: 'PENDING', checkedAt: null, pattern: { id: detected.pattern!.id } });
    expect(Date.parse(feedback.dueAt) - Date.parse(feedback.appliedAt)).toBeCloseTo(FEEDBACK_WINDOW_MS, -1);

    const early = await engineer.data(LearningCheckFeedback, { id: feedback.id });
    expect(early.checkSolutionEffectiveness).toMatchObject({ state: 'PENDING', effectivenessScore: null, checkedAt: null });

    // An hour later, within the window, the same problem comes back.
    clock.advanceMinutes(60);
    await detect(engineer, '아웃룩 메일 전송 오류', '', { instId: 10 });
    const checked = (await engineer.data(LearningCheckFeedback, { id: feedback.id })).checkSolutionEffectiveness;
    expect(checked).toMatchObject({ state: 'INEFFECTIVE', recurredWithinDays: 0 });
    expect(checked.effectivenessScore).toBeGreaterThanOrEqual(0);
    expect(checked.effectivenessScore).toBeLessThan(0.5);
    expect(checked.checkedAt).not.toBeNull();

    const article = (await viewer.data(LearningArticle, { id: articleId })).kbArticle;
    expect(article).toMatchObject({ appliedCount: 1, failedCount: 1, effectivenessScore: checked.effectivenessScore });
    // Checking again changes nothing.
    expect((await engineer.data(LearningCheckFeedback, { id: feedback.id })).checkSolutionEffectiveness).toEqual(checked);
  });

  it('refuses unknown ids and missing fields, writing nothing', async () => {
    const before = (await viewer.data(LearningFeedbacks, {})).feedbacks.totalCount;
    const patternsBefore = (await viewer.data(LearningPatterns, {})).patterns.totalCount;
    expect(codeOf(await engineer.request(LearningRecordFeedback, { input: { srId: nextSrId(), kbId: 'KB-NOPE0000' } }))).toBe('NOT_FOUND');
    const neither = await engineer.request(LearningRecordFeedback, { input: { srId: nextSrId() } });
    expect(codeOf(neither)).toBe('BAD_USER_INPUT');
    expect(neither.errors![0]!.message).toContain('input.kbId');
    const emptySr = await engineer.request(LearningRecordFeedback, { input: { srId: ' ', kbDocId: 'DOC-1' } });
    expect(codeOf(emptySr)).toBe('BAD_USER_INPUT');
    expect(emptySr.errors![0]!.message).toContain('input.srId');
    // An opsloop id (SR-…) must name a request; so must kbId an article.
    const unknownSr = await engineer.request(LearningRecordFeedback, { input: { srId: 'SR-NOTEXIST', kbDocId: 'DOC-1' } });
    expect(codeOf(unknownSr)).toBe('NOT_FOUND');
    expect(unknownSr.errors![0]!.message).toContain('ServiceRequest SR-NOTEXIST');
    expect(codeOf(await engineer.request(LearningRecordFeedback, { input: { srId: 'sr-nope', kbDocId: 'DOC-1' } }))).toBe('NOT_FOUND');
    const unknownDetect = await engineer.request(LearningDetect, { input: { srId: 'SR-NOTEXIST', title: 'VPN 접속 불가', srType: 'INCIDENT', instId: 1 } });
    expect(codeOf(unknownDetect)).toBe('NOT_FOUND');
    expect(unknownDetect.errors![0]!.message).toContain('ServiceRequest SR-NOTEXIST');
    expect((await viewer.data(LearningFeedbacks, {})).feedbacks.totalCount).toBe(before);
    expect((await viewer.data(LearningFeedbacks, { srId: 'SR-NOTEXIST' })).feedbacks.totalCount).toBe(0);
    expect((await viewer.data(LearningPatterns, {})).patterns.totalCount).toBe(patternsBefore);
    expect(codeOf(await viewer.request(LearningRecordFeedback, { input: { srId: nextSrId(), kbDocId: 'DOC-1' } }))).toBe('FORBIDDEN');
    expect(codeOf(await viewer.request(LearningCheckFeedback, { id: '1' }))).toBe('FORBIDDEN');
    expect(codeOf(await requester.request(LearningFeedbacks, {}))).toBe('FORBIDDEN');
  });

  it('takes feedback for an existing opsloop request, linked to the pattern its creation found', async () => {
    const { createServiceRequest: request } = await engineer.data(LearningCreateRequest, {
      input: { title: '사내 위키 편집 저장 오류', description: '위키 문서 저장 버튼이 동작하지 않습니다', type: 'INCIDENT', instId: 30 },
    });
    expect(request.id).toMatch(/^SR-/);
    const { recordSolutionFeedback: feedback } = await engineer.data(LearningRecordFeedback, { input: { srId: request.id, kbDocId: 'DOC-WIKI' } });
    expect(feedback).toMatchObject({ srId: request.id, kbDocId: 'DOC-WIKI', state: 'PENDING' });
    expect(feedback.pattern).not.toBeNull();
  });
});

describe('lessons learned', () => {
  let deployArticle: string;
  let printerDoc: string;

  beforeAll(async () => {
    deployArticle = (await engineer.data(LearningCreateArticle, { input: { title: '운영 배포 롤백 절차', body: '배포 실패 시 이전 버전으로 롤백합니다.', tags: [] } })).createKbArticle.id;
    printerDoc = 'CONFLUENCE-4711';
    // Two recurring problems, each reaching three occurrences, then a solution applied to each.
    const deploySrs = [nextSrId(), nextSrId(), nextSrId()];
    for (const srId of deploySrs) await detect(engineer, '운영 서버 배포 실패', '운영 환경 배포 중 오류 발생', { srId, instId: 20 });
    const printerSrs = [nextSrId(), nextSrId(), nextSrId()];
    for (const srId of printerSrs) await detect(engineer, '복합기 스캔 오류', '스캔이 안 됩니다', { srId, instId: 20, srType: 'SERVICE' });
    await engineer.data(LearningRecordFeedback, { input: { srId: deploySrs[2]!, kbId: deployArticle } });
    await engineer.data(LearningRecordFeedback, { input: { srId: printerSrs[2]!, kbDocId: printerDoc } });
    // Let the feedback window pass without recurrence; the daily job then checks both.
    clock.advance(FEEDBACK_WINDOW_MS + 60_000);
    const { checked } = (await server.runJob('learning-feedback-effectiveness')) as { checked: number };
    expect(checked).toBeGreaterThanOrEqual(2);
  });

  it('the daily check marks solutions followed by no recurrence EFFECTIVE and scores the article', async () => {
    const feedbacks = await viewer.data(LearningFeedbacks, { kbId: deployArticle });
    expect(feedbacks.feedbacks.edges.map((e) => e.node)).toEqual([expect.objectContaining({ state: 'EFFECTIVE', effectivenessScore: 1 })]);
    const article = (await viewer.data(LearningArticle, { id: deployArticle })).kbArticle;
    expect(article).toMatchObject({ appliedCount: 1, failedCount: 0, effectivenessScore: 1 });
    expect((await viewer.data(LearningFeedbacks, { checked: false })).feedbacks.edges.every((e) => e.node.state === 'PENDING')).toBe(true);
  });

  it('mines lessons from patterns with effective solutions, with a failure lesson for a production deploy', async () => {
    const mined = (await admin.data(LearningMine, {})).mineLessons;
    expect(mined.created).toBe(2);
    expect(mined.updated).toBe(0);
    const deploy = mined.lessons.find((l) => l.effectiveSolution.includes(deployArticle))!;
    expect(deploy).toMatchObject({ isFailure: true, actionType: 'DEPLOY', environment: 'PROD', isVerified: false });
    expect(deploy.lessonId).toMatch(/^LL-/);
    // E = 1, one application (×1/2), 3 occurrences of min 3 (0.5 + 0.5 × 3/6 = 0.75).
    expect(deploy.confidenceScore).toBeCloseTo(0.375, 3);
    expect(deploy.rootCause).toMatch(/^PRB-/);
    const scan = mined.lessons.find((l) => l.effectiveSolution.includes(printerDoc))!;
    expect(scan).toMatchObject({ isFailure: false, actionType: null, environment: null, category: 'HARDWARE' });

    const again = (await admin.data(LearningMine, { daysBack: 30, minOccurrences: 3 })).mineLessons;
    expect(again).toMatchObject({ created: 0, updated: 2 });
    expect((await viewer.data(LearningLessons, {})).lessons.totalCount).toBe(2);
    // A higher bar finds nothing new.
    expect((await admin.data(LearningMine, { minOccurrences: 10 })).mineLessons).toMatchObject({ examined: 0, created: 0, updated: 0 });
  });

  it('lets an engineer verify a lesson; verified lessons filter', async () => {
    const lessons = (await viewer.data(LearningLessons, {})).lessons.edges.map((e) => e.node);
    expect(lessons.map((l) => l.confidenceScore)).toEqual([...lessons.map((l) => l.confidenceScore)].sort((a, b) => b - a));
    const target = lessons[0]!;
    expect(codeOf(await viewer.request(LearningVerify, { id: target.id }))).toBe('FORBIDDEN');
    const verified = (await engineer.data(LearningVerify, { id: target.id })).verifyLesson;
    expect(verified).toMatchObject({ isVerified: true, verifiedBy: 'erin' });
    expect((await viewer.data(LearningLessons, { verifiedOnly: true })).lessons.edges.map((e) => e.node.id)).toEqual([target.id]);
    // Mining again keeps the verification.
    await admin.data(LearningMine, {});
    expect((await viewer.data(LearningLessons, { verifiedOnly: true })).lessons.totalCount).toBe(1);
  });

  it('keeps mining for ADMINs and checks its arguments', async () => {
    expect(codeOf(await engineer.request(LearningMine, {}))).toBe('FORBIDDEN');
    expect(codeOf(await viewer.request(LearningMine, {}))).toBe('FORBIDDEN');
    const bad = await admin.request(LearningMine, { daysBack: 0 });
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors![0]!.message).toContain('daysBack');
    expect(codeOf(await requester.request(LearningLessons, {}))).toBe('FORBIDDEN');
  });
});

describe('ids', () => {
  const malformed = ['abc', '-1', '0', '1.5', '7e3', '99999999999'];

  it('pattern(id) refuses a malformed id with BAD_USER_INPUT naming the field, an unknown one with NOT_FOUND', async () => {
    const known = (await detect(engineer, '전자결재 첨부파일 업로드 오류', '', { instId: 30 })).pattern!.id;
    expect(known).toMatch(/^PAT-[1-9][0-9]*$/); // 0.2: pattern ids are Node ids (PAT-<number>); the bare number is still accepted
    expect((await viewer.data(LearningPattern, { id: known })).pattern!.id).toBe(known);
    for (const id of malformed) {
      const result = await viewer.request(LearningPattern, { id });
      expect(codeOf(result), id).toBe('BAD_USER_INPUT');
      expect(result.errors![0]!.message).toMatch(/^id: .* is not a pattern id/);
    }
    const unknown = await viewer.request(LearningPattern, { id: '999999' });
    expect(codeOf(unknown)).toBe('NOT_FOUND');
    expect(unknown.errors![0]!.message).toContain('999999');
  });

  it('checkSolutionEffectiveness(id) and verifyLesson(id) do the same, and change nothing', async () => {
    const before = (await viewer.data(LearningFeedbacks, {})).feedbacks.totalCount;
    for (const id of malformed) {
      const check = await engineer.request(LearningCheckFeedback, { id });
      expect(codeOf(check), id).toBe('BAD_USER_INPUT');
      expect(check.errors![0]!.message).toMatch(/^id: .* is not a feedback id/);
      const verify = await engineer.request(LearningVerify, { id });
      expect(codeOf(verify), id).toBe('BAD_USER_INPUT');
      expect(verify.errors![0]!.message).toMatch(/^id: .* is not a lesson id/);
    }
    expect(codeOf(await engineer.request(LearningCheckFeedback, { id: '987654' }))).toBe('NOT_FOUND');
    expect(codeOf(await engineer.request(LearningVerify, { id: '424242' }))).toBe('NOT_FOUND');
    expect((await viewer.data(LearningFeedbacks, {})).feedbacks.totalCount).toBe(before);
  });
});

describe('learning statistics', () => {
  it('counts patterns, escalations, feedback, lessons and their rates', async () => {
    const { learningStats: stats } = await viewer.data(LearningStatsQuery, {});
    const all = await admin.data(LearningPatterns, { first: 100 });
    expect(stats.patterns.total).toBe(all.patterns.totalCount);
    expect(stats.patterns.escalated).toBe(all.patterns.edges.filter((e) => e.node.escalated).length);
    expect(stats.patterns.recurring).toBe(all.patterns.edges.filter((e) => e.node.occurrenceCount > 1).length);
    expect(stats.patterns.requestsObserved).toBe(all.patterns.edges.reduce((sum, e) => sum + e.node.occurrenceCount, 0));
    expect(stats.patterns.recurrenceRate).toBeCloseTo(stats.patterns.recurring / stats.patterns.total, 3);
    expect(stats.problems.open).toBeGreaterThanOrEqual(4);
    // The one recorded for an opsloop request did not recur before the daily check: effective.
    expect(stats.feedback).toMatchObject({ total: 4, checked: 4, pending: 0, effective: 3, ineffective: 1 });
    expect(stats.feedback.effectiveRate).toBeCloseTo(3 / 4, 3);
    expect(stats.lessons).toMatchObject({ total: 2, verified: 1, failureLessons: 1 });
  });
});

describe('the feedback window in real time', () => {
  // The mechanism once on the system clock (the tests above move a ManualClock instead).
  const WINDOW_MS = 1_500;
  let realTime: TestServer;

  beforeAll(async () => {
    realTime = await startTestServer({ FEEDBACK_WINDOW_DAYS: String(WINDOW_MS / DAY_MS) });
  });
  afterAll(() => realTime?.stop());

  it('keeps feedback PENDING until its window has passed; the daily job then finds it EFFECTIVE', async () => {
    const erin = await realTime.as('erin', 'ENGINEER');
    const srId = nextSrId();
    await detect(erin, '사내 메신저 로그인 오류', '', { srId, instId: 40 });
    const { recordSolutionFeedback: feedback } = await erin.data(LearningRecordFeedback, { input: { srId, kbDocId: 'DOC-REALTIME' } });
    expect(Date.parse(feedback.dueAt) - Date.parse(feedback.appliedAt)).toBeCloseTo(WINDOW_MS, -1);
    expect((await erin.data(LearningCheckFeedback, { id: feedback.id })).checkSolutionEffectiveness.state).toBe('PENDING');

    await new Promise((resolve) => setTimeout(resolve, WINDOW_MS + 200));
    expect(await realTime.runJob('learning-feedback-effectiveness')).toEqual({ checked: 1 });
    const checked = (await erin.data(LearningFeedbacks, { srId })).feedbacks.edges.map((e) => e.node);
    expect(checked).toEqual([expect.objectContaining({ state: 'EFFECTIVE', effectivenessScore: 1 })]);
  });
});
