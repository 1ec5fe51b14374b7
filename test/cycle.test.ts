// The auto-processing cycle through the public API, step by step on realistic Korean and English
// requests: assignment to the least-loaded engineer, automatic answers from the KB (and the gate
// for articles that keep failing), SLA escalation, incidents for severe anomalies, KB drafts,
// expired approvals. Then: a second run does nothing again, and two triggers at once run once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicId } from '../src/db/ids.js';
import { articleKeywords } from '../src/modules/itsm/kb-match.js';
import { graphql } from './generated/index.js';
import { ManualClock } from './helpers/clock.js';
import { CycleRun, fileRequest, ItsmRequest, runCycle, staffTeams, waitForRun } from './helpers/itsm.js';
import { startTestServer, type TestServer, type UserClient } from './helpers/server.js';

const CycleActions = graphql(`
  query CycleActions {
    autoQueue(status: AUTO_DONE, first: 100) {
      totalCount
      edges {
        node {
          id
          actionType
          target
          description
          requestedBy
          cycleRunId
        }
      }
    }
  }
`);

const CycleCreateArticle = graphql(`
  mutation CycleCreateArticle($input: CreateKbArticleInput!) {
    createKbArticle(input: $input) {
      id
    }
  }
`);

const CyclePublishArticle = graphql(`
  mutation CyclePublishArticle($id: ID!) {
    publishKbArticle(id: $id) {
      id
      status
    }
  }
`);

const CycleAnsweredArticle = graphql(`
  query CycleAnsweredArticle($id: ID!) {
    serviceRequest(id: $id) {
      id
      answeredByKb {
        id
        effectivenessScore
        appliedCount
        createdBy
      }
    }
  }
`);

const CycleResolve = graphql(`
  mutation CycleResolve($id: ID!, $resolution: String!) {
    resolveServiceRequest(id: $id, resolution: $resolution) {
      id
      status
    }
  }
`);

const CycleFeedbacks = graphql(`
  query CycleFeedbacks($srId: String) {
    feedbacks(srId: $srId) {
      totalCount
      edges {
        node {
          srId
          kbId
          appliedBy
        }
      }
    }
  }
`);

const CycleSetThreshold = graphql(`
  mutation CycleSetThreshold($input: SetThresholdInput!) {
    setThreshold(input: $input) {
      id
    }
  }
`);

const CycleReportMetric = graphql(`
  mutation CycleReportMetric($input: MetricInput!) {
    reportMetric(input: $input) {
      id
      severity
    }
  }
`);

const CycleIncidents = graphql(`
  query CycleIncidents {
    incidents(first: 100) {
      totalCount
      edges {
        node {
          id
          title
          severity
          status
          anomaly {
            id
            severity
          }
        }
      }
    }
  }
`);

const CycleDrafts = graphql(`
  query CycleDrafts {
    kbArticles(status: DRAFT, first: 100) {
      totalCount
      edges {
        node {
          id
          title
          body
          status
          sourceSrId
          tags
        }
      }
    }
  }
`);

const CycleSubmitAction = graphql(`
  mutation CycleSubmitAction($input: ActionInput!) {
    submitAction(input: $input) {
      id
      status
      expiresAt
    }
  }
`);

const CycleAction = graphql(`
  query CycleAction($id: ID!) {
    autoAction(id: $id) {
      id
      status
      result
      auditTrail {
        actor
        toStatus
      }
    }
  }
`);

const CycleCompleted = graphql(`
  subscription CycleCompleted {
    autoCycleCompleted {
      id
      status
      triggeredBy
      steps {
        name
        processed
      }
    }
  }
`);

let server: TestServer;
let clock: ManualClock;
let admin: UserClient;
let engineer: UserClient;
let minji: UserClient;
let tom: UserClient;

beforeAll(async () => {
  // Approvals lapse after 1.2 s of the server's clock, which the expiry test moves forward.
  clock = new ManualClock();
  server = await startTestServer({ APPROVAL_TTL_MINUTES: '0.02' }, { clock });
  admin = await server.as('alice', 'ADMIN');
  engineer = await server.as('ops.kim', 'ENGINEER');
  minji = await server.as('minji', 'REQUESTER', { inst: 7 });
  tom = await server.as('tom', 'REQUESTER', { inst: 9 });
  await staffTeams(server, admin, [
    { name: '네트워크팀', categories: ['NETWORK'], engineers: ['kim.net', 'lee.net'] },
    { name: 'DB팀', categories: ['DATABASE'], engineers: ['park.db'] },
    { name: '서비스데스크', categories: ['OTHER', 'ACCOUNT'], engineers: ['choi.desk'] },
  ]);
});
afterAll(() => server?.stop());

async function autoDoneActions() {
  return (await admin.data(CycleActions)).autoQueue.edges.map((edge) => edge.node);
}

async function request(id: string) {
  return (await admin.data(ItsmRequest, { id })).serviceRequest;
}

describe('step 1: classify and assign', () => {
  it('assigns Korean and English requests to the least-loaded engineer of the category team', async () => {
    const vpnKo = await fileRequest(minji, { title: 'VPN 접속이 안됩니다', description: '재택근무 중 VPN 클라이언트가 연결되지 않습니다.', type: 'INCIDENT' });
    const vpnEn = await fileRequest(tom, { title: 'VPN connection fails', description: 'Working from home, the VPN client cannot connect.', type: 'INCIDENT' });
    const wifi = await fileRequest(minji, { title: '회의실 와이파이가 자주 끊깁니다', description: '3층 회의실 무선랜 연결이 10분마다 끊겨요.', type: 'INCIDENT' });
    const oracle = await fileRequest(engineer, { title: '오라클 DB 테이블스페이스 부족', description: '운영 DB USERS 테이블스페이스 사용률 95%, ORA-01653', type: 'INCIDENT' });
    const erp = await fileRequest(tom, { title: 'ERP screens are slow', description: 'SAP takes 30 seconds to open a purchase order.', type: 'INCIDENT' });
    // Imported without classification (e.g. from a mail gateway): the cycle classifies it.
    const imported = await server.db.serviceRequest.create({
      data: { id: publicId('SR'), title: '3층 프린터 인쇄가 안됩니다', description: '복합기에서 출력이 되지 않습니다', type: 'INCIDENT', priority: 'P3', requester: 'minji', instId: 7, slaDueAt: new Date(Date.now() + 86_400_000) },
    });
    expect([vpnKo.category, vpnEn.category, wifi.category, oracle.category, erp.category]).toEqual(['NETWORK', 'NETWORK', 'NETWORK', 'DATABASE', 'APPLICATION']);

    const run = await runCycle(admin);
    expect(run.status).toBe('SUCCEEDED');
    expect(run.step('classifyAndAssign')).toMatchObject({ processed: 6, leftForHuman: 0 });

    const network = await Promise.all([vpnKo, vpnEn, wifi].map((r) => request(r.id)));
    expect(network.every((r) => r.status === 'ASSIGNED')).toBe(true);
    // Three requests over two engineers: 2 and 1, never 3 and 0.
    const perEngineer = network.reduce<Record<string, number>>((counts, r) => ({ ...counts, [r.assignee!]: (counts[r.assignee!] ?? 0) + 1 }), {});
    expect(Object.values(perEngineer).sort()).toEqual([1, 2]);
    expect(Object.keys(perEngineer).sort()).toEqual(['kim.net', 'lee.net']);
    expect((await request(oracle.id)).assignee).toBe('park.db');
    // No team owns APPLICATION or HARDWARE: the service desk (OTHER) takes them.
    expect((await request(erp.id)).assignee).toBe('choi.desk');
    expect(await request(imported.id)).toMatchObject({ category: 'HARDWARE', assignee: 'choi.desk', status: 'ASSIGNED' });

    const actions = await autoDoneActions();
    const assignment = actions.find((action) => action.target === vpnKo.id)!;
    expect(assignment).toMatchObject({ actionType: 'ASSIGN_REQUEST', requestedBy: 'system:auto-cycle', cycleRunId: run.id });
    expect(assignment.description).toContain((await request(vpnKo.id)).assignee!);
    expect(assignment.description).toContain('네트워크팀');
    expect((await admin.data(CycleAction, { id: assignment.id })).autoAction.auditTrail).toEqual([{ actor: 'system:auto-cycle', toStatus: 'AUTO_DONE' }]);
    expect(actions.filter((action) => action.actionType === 'ASSIGN_REQUEST')).toHaveLength(6);
  });

  it('gives the next request to whoever has fewer open requests', async () => {
    const before = await Promise.all(
      ['kim.net', 'lee.net'].map(async (name) => [name, (await server.db.serviceRequest.count({ where: { assignee: name, status: 'ASSIGNED' } }))] as const),
    );
    const lighter = [...before].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))[0]![0];
    const next = await fileRequest(tom, { title: 'DNS lookups time out', description: 'Internal host names do not resolve from the office network.', type: 'INCIDENT' });
    await runCycle(admin);
    expect((await request(next.id)).assignee).toBe(lighter);
  });
});

describe('step 2: answer inquiries from the KB', () => {
  let passwordArticle: string;
  let vpnArticle: string;
  let printerArticle: string;

  beforeAll(async () => {
    const publish = async (title: string, body: string, tags: string[]) => {
      const { createKbArticle } = await engineer.data(CycleCreateArticle, { input: { title, body, tags } });
      await engineer.data(CyclePublishArticle, { id: createKbArticle.id });
      return createKbArticle.id;
    };
    passwordArticle = await publish(
      '비밀번호 초기화 방법 / How to reset your password',
      '그룹웨어 비밀번호를 잊어버렸다면 셀프서비스 포털에서 사번과 휴대폰 인증으로 초기화할 수 있습니다.\nIf you forgot your groupware password, reset it on the self-service portal with your employee number and a code sent to your phone.',
      ['account', 'password'],
    );
    vpnArticle = await publish(
      'VPN 접속 방법 (재택근무)',
      '재택근무 시 VPN 클라이언트를 설치하고 사내 계정으로 로그인한 뒤 접속하세요. 연결이 끊기면 클라이언트를 최신 버전으로 업데이트하세요.',
      ['network', 'vpn'],
    );
    printerArticle = await publish(
      '프린터 드라이버 설치 방법 / Installing a printer driver',
      '포털의 소프트웨어 센터에서 층별 프린터 드라이버를 설치하세요. Install the driver for your floor’s printer from the software center.',
      ['hardware', 'printer'],
    );
  });

  it('answers a Korean and an English inquiry with the same article, and a Korean article for an English inquiry', async () => {
    const korean = await fileRequest(minji, { title: '비밀번호 초기화는 어떻게 하나요?', description: '그룹웨어 비밀번호를 잊어버렸습니다.', type: 'INQUIRY' });
    const english = await fileRequest(tom, { title: 'How do I reset my password?', description: 'I forgot my groupware password.', type: 'INQUIRY' });
    const vpn = await fileRequest(tom, { title: 'How do I connect to the VPN?', description: 'I work from home from next week.', type: 'INQUIRY' });
    const unrelated = await fileRequest(minji, { title: '법인카드 한도 문의', description: '법인카드 사용 한도를 알고 싶습니다.', type: 'INQUIRY' });
    const partial = await fileRequest(minji, { title: 'VPN 인증서 오류', description: 'VPN 접속 시 인증서가 만료되었다고 나옵니다.', type: 'INQUIRY' });

    const run = await runCycle(admin);
    expect(run.step('answerInquiries')).toMatchObject({ processed: 3, leftForHuman: 2 });

    for (const [inquiry, articleId] of [[korean, passwordArticle], [english, passwordArticle], [vpn, vpnArticle]] as const) {
      const answered = await request(inquiry.id);
      expect(answered).toMatchObject({ status: 'RESOLVED', answeredByKbId: articleId });
      expect(answered.resolution).toContain(articleId);
    }
    // The requester sees the answer on their own request, but not the article's learning data.
    const own = (await minji.data(ItsmRequest, { id: korean.id })).serviceRequest;
    expect(own).toMatchObject({ status: 'RESOLVED', answeredByKbId: passwordArticle });
    expect(own.resolution).toContain('셀프서비스 포털에서 사번과 휴대폰 인증으로 초기화');
    const article = await minji.request(CycleAnsweredArticle, { id: korean.id });
    expect(article.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(article.data?.serviceRequest?.answeredByKb ?? null).toBeNull();
    expect((await admin.data(CycleAnsweredArticle, { id: korean.id })).serviceRequest.answeredByKb).toMatchObject({ id: passwordArticle, appliedCount: expect.any(Number) });

    // Nothing answers these well enough: left for a human, assigned by step 1.
    for (const inquiry of [unrelated, partial]) {
      expect(await request(inquiry.id)).toMatchObject({ status: 'ASSIGNED', answeredByKbId: null, resolution: null });
    }

    const action = (await autoDoneActions()).find((a) => a.target === english.id && a.actionType === 'ANSWER_INQUIRY')!;
    expect(action.description).toMatch(/confidence (0\.\d+|1) ≥ 0\.75/);
    expect((await admin.data(CycleAction, { id: action.id })).autoAction.result).toMatchObject({ kbId: passwordArticle, matched: expect.arrayContaining(['password', 'reset']) });

    // Each answer's effectiveness will be measured by recurrence (learning loop).
    const feedback = await admin.data(CycleFeedbacks, { srId: english.id });
    expect(feedback.feedbacks.edges.map((edge) => edge.node)).toEqual([{ srId: english.id, kbId: passwordArticle, appliedBy: 'system:auto-cycle' }]);

    // Checked once: the next cycle does not look at them again.
    expect((await runCycle(admin)).step('answerInquiries')).toMatchObject({ processed: 0, leftForHuman: 0 });
  });

  it('stops sending an article that keeps failing, and sends it again once it proves effective', async () => {
    // The learning loop measured this article: applied 3 times, the problem came back each time.
    await server.db.kbArticle.update({ where: { id: printerArticle }, data: { appliedCount: 3, failedCount: 3, effectivenessScore: 0.1 } });
    const first = await fileRequest(minji, { title: '프린터 드라이버 설치 방법 문의', description: '새 노트북에 3층 프린터 드라이버를 설치하고 싶습니다.', type: 'INQUIRY' });
    expect((await runCycle(admin)).step('answerInquiries')).toMatchObject({ processed: 0, leftForHuman: 1 });
    expect(await request(first.id)).toMatchObject({ answeredByKbId: null, status: 'ASSIGNED' });

    await server.db.kbArticle.update({ where: { id: printerArticle }, data: { appliedCount: 5, failedCount: 1, effectivenessScore: 0.8 } });
    const second = await fileRequest(tom, { title: 'How do I install a printer driver?', description: 'New laptop, 3rd floor printer.', type: 'INQUIRY' });
    expect((await runCycle(admin)).step('answerInquiries')).toMatchObject({ processed: 1, leftForHuman: 0 });
    expect((await request(second.id)).answeredByKbId).toBe(printerArticle);
  });

  it('finds the one article that answers among more than 50 sharing a keyword', async () => {
    // 60 published VPN notices, written before the article that answers: any 50 of them without
    // ranking would crowd it out.
    await server.db.kbArticle.createMany({
      data: Array.from({ length: 60 }, (_, i) => {
        const title = `VPN 서버 정기 점검 공지 #${i + 1}`;
        const body = `매주 일요일 새벽 VPN 서버 정기 점검이 있습니다 (${i + 1}차). 점검 중에는 VPN을 사용할 수 없습니다.`;
        return { id: publicId('KB'), title, body, tags: ['vpn', 'notice'], keywords: articleKeywords(title, body, ['vpn', 'notice']), status: 'PUBLISHED' as const, publishedAt: new Date(), createdBy: 'ops.kim' };
      }),
    });
    const { createKbArticle: certificate } = await engineer.data(CycleCreateArticle, {
      input: { title: 'VPN 인증서 만료 시 갱신 방법', body: 'VPN 접속 시 인증서가 만료되었다고 나오면 포털의 인증서 센터에서 VPN 인증서를 갱신한 뒤 다시 접속하세요.', tags: ['vpn', 'certificate'] },
    });
    await engineer.data(CyclePublishArticle, { id: certificate.id });

    const inquiry = await fileRequest(minji, { title: 'VPN 인증서가 만료되었다고 나옵니다', description: 'VPN 접속할 때 인증서 만료 메시지가 뜹니다.', type: 'INQUIRY' });
    expect((await runCycle(admin)).step('answerInquiries')).toMatchObject({ processed: 1, leftForHuman: 0 });
    const answered = await request(inquiry.id);
    expect(answered).toMatchObject({ status: 'RESOLVED', answeredByKbId: certificate.id });
    expect(answered.resolution).toContain('인증서 센터에서 VPN 인증서를 갱신');
  });
});

describe('step 3: escalate by SLA', () => {
  it('escalates open requests within 30 minutes of their deadline, once, raising the priority', async () => {
    const soon = new Date(Date.now() + 10 * 60_000).toISOString();
    const due = await fileRequest(minji, { title: '급여 시스템 접속 지연', description: '급여 마감 전에 확인이 필요합니다.', type: 'SERVICE', priority: 'P3', slaDueAt: soon });
    const later = await fileRequest(tom, { title: 'New monitor', description: 'A second monitor for my desk.', type: 'SERVICE', slaDueAt: new Date(Date.now() + 2 * 3_600_000).toISOString() });
    const resolvedFirst = await fileRequest(tom, { title: 'Badge reader at the entrance', description: 'It beeps red for my badge.', type: 'INCIDENT', slaDueAt: soon });
    await engineer.data(CycleResolve, { id: resolvedFirst.id, resolution: 'Badge re-encoded at the front desk.' });

    const run = await runCycle(admin);
    expect(run.step('escalateSla')).toMatchObject({ processed: 1 });
    const escalated = await request(due.id);
    expect(escalated.escalatedAt).not.toBeNull();
    expect(escalated.priority).toBe('P2');
    expect(await request(later.id)).toMatchObject({ escalatedAt: null, priority: later.priority });
    expect((await request(resolvedFirst.id)).escalatedAt).toBeNull();
    const action = (await autoDoneActions()).find((a) => a.target === due.id && a.actionType === 'ESCALATE_REQUEST')!;
    expect(action.description).toMatch(/SLA deadline in \d+ min.*priority P3 → P2/);

    expect((await runCycle(admin)).step('escalateSla')).toMatchObject({ processed: 0 });
    expect((await request(due.id)).priority).toBe('P2');
  });
});

describe('step 4: incidents for severe anomalies', () => {
  it('opens one incident per HIGH or CRITICAL anomaly', async () => {
    await engineer.data(CycleSetThreshold, { input: { source: 'web-01', metricType: 'cpu_usage', baseThreshold: 80 } });
    const report = async (value: number) => (await engineer.data(CycleReportMetric, { input: { source: 'web-01', metricType: 'cpu_usage', value } })).reportMetric!;
    const critical = await report(130);
    const high = await report(105);
    const medium = await report(85);
    expect([critical.severity, high.severity, medium.severity]).toEqual(['CRITICAL', 'HIGH', 'MEDIUM']);

    const run = await runCycle(admin);
    expect(run.step('openIncidents')).toMatchObject({ processed: 2 });
    const { incidents } = await admin.data(CycleIncidents);
    expect(incidents.totalCount).toBe(2);
    const byAnomaly = new Map(incidents.edges.map((edge) => [edge.node.anomaly?.id, edge.node]));
    expect(byAnomaly.get(critical.id)).toMatchObject({ severity: 'CRITICAL', status: 'OPEN', title: expect.stringContaining('cpu_usage on web-01') });
    expect(byAnomaly.get(high.id)).toMatchObject({ severity: 'HIGH' });
    expect(byAnomaly.has(medium.id)).toBe(false);

    expect((await runCycle(admin)).step('openIncidents')).toMatchObject({ processed: 0 });
    expect((await admin.data(CycleIncidents)).incidents.totalCount).toBe(2);
  });
});

describe('step 5: KB drafts from resolved requests', () => {
  it('drafts one article per resolved request with a resolution, not for automatic answers', async () => {
    const disk = await fileRequest(engineer, { title: 'web-02 서버 디스크 용량 부족', description: '/var 파티션 사용률이 95%입니다.', type: 'INCIDENT' });
    await engineer.data(CycleResolve, { id: disk.id, resolution: '오래된 로그를 정리하고 logrotate 보관 주기를 7일로 줄였습니다.' });
    const answered = await server.db.serviceRequest.findFirstOrThrow({ where: { answeredByKbId: { not: null } } });

    const run = await runCycle(admin);
    expect(run.step('draftKbArticles').processed).toBeGreaterThanOrEqual(1);
    const drafts = (await admin.data(CycleDrafts)).kbArticles.edges.map((edge) => edge.node);
    const draft = drafts.find((d) => d.sourceSrId === disk.id)!;
    expect(draft).toMatchObject({ status: 'DRAFT', title: 'web-02 서버 디스크 용량 부족', tags: ['server', 'incident', 'auto-draft'] });
    expect(draft.body).toContain('logrotate 보관 주기를 7일로');
    expect(drafts.some((d) => d.sourceSrId === answered.id)).toBe(false);

    const count = drafts.length;
    expect((await runCycle(admin)).step('draftKbArticles')).toMatchObject({ processed: 0 });
    expect((await admin.data(CycleDrafts)).kbArticles.totalCount).toBe(count);
  });
});

describe('step 6: expire stale approvals', () => {
  it('expires a pending approval whose time ran out', async () => {
    const { submitAction } = await engineer.data(CycleSubmitAction, { input: { actionType: 'DEPLOY', description: 'Deploy ERP 2.3', target: 'erp', environment: 'PROD' } });
    expect(submitAction.status).toBe('PENDING_APPROVAL');
    clock.advance(Math.max(0, Date.parse(submitAction.expiresAt!) - clock.now().getTime()) + 100);
    const run = await runCycle(admin);
    expect(run.step('expireApprovals')).toMatchObject({ processed: 1 });
    expect((await admin.data(CycleAction, { id: submitAction.id })).autoAction.status).toBe('EXPIRED');
  });
});

describe('the whole cycle', () => {
  it('does nothing the second time: no duplicate assignment, answer, escalation, incident or draft', async () => {
    await fileRequest(minji, { title: 'VPN 비밀번호를 바꾸고 싶어요', description: 'VPN 계정 비밀번호 변경 방법이 궁금합니다.', type: 'INQUIRY' });
    await runCycle(admin);
    const countsBefore = {
      actions: (await admin.data(CycleActions)).autoQueue.totalCount,
      incidents: (await admin.data(CycleIncidents)).incidents.totalCount,
      drafts: (await admin.data(CycleDrafts)).kbArticles.totalCount,
    };
    const again = await runCycle(admin);
    expect(again.status).toBe('SUCCEEDED');
    expect(again.steps.map((step) => step.processed)).toEqual([0, 0, 0, 0, 0, 0]);
    expect({
      actions: (await admin.data(CycleActions)).autoQueue.totalCount,
      incidents: (await admin.data(CycleIncidents)).incidents.totalCount,
      drafts: (await admin.data(CycleDrafts)).kbArticles.totalCount,
    }).toEqual(countsBefore);
    const sourceKeys = await server.db.autoAction.findMany({ where: { sourceKey: { not: null } }, select: { sourceKey: true, target: true } });
    expect(new Set(sourceKeys.map((a) => a.sourceKey)).size).toBe(sourceKeys.length);
  });

  it('is for ADMINs only', async () => {
    expect((await engineer.request(CycleRun)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await server.request(CycleRun, {}, null)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('runs once when triggered twice at once; subscribers hear both endings', async () => {
    // Enough new work that the first run is still going when the second trigger arrives.
    await server.db.serviceRequest.createMany({
      data: Array.from({ length: 300 }, (_, i) => ({
        id: publicId('SR'),
        title: i % 2 ? `VPN connection drops #${i}` : `오라클 DB 접속 지연 #${i}`,
        description: 'bulk',
        type: 'INCIDENT' as const,
        priority: 'P3' as const,
        requester: 'tom',
        slaDueAt: new Date(Date.now() + 86_400_000),
      })),
    });
    const socket = await (await server.as('vera', 'VIEWER')).ws();
    const completed = socket.subscribe(CycleCompleted);
    await new Promise((resolve) => setTimeout(resolve, 100));

    const [first, second] = await Promise.all([admin.data(CycleRun), admin.data(CycleRun)]);
    const runs = await Promise.all([waitForRun(admin, first.runAutoCycle.id), waitForRun(admin, second.runAutoCycle.id)]);
    expect(runs.map((run) => run.status).sort()).toEqual(['SKIPPED', 'SUCCEEDED']);
    const skipped = runs.find((run) => run.status === 'SKIPPED')!;
    expect(skipped.error).toMatch(/another auto cycle was running/);
    expect(skipped.steps).toEqual([]);
    expect(runs.find((run) => run.status === 'SUCCEEDED')!.steps[0]).toMatchObject({ name: 'classifyAndAssign', processed: 300 });

    for (const run of runs) {
      const event = await completed.waitFor((result) => result.data?.autoCycleCompleted.id === run.id);
      expect(event.data?.autoCycleCompleted).toMatchObject({ status: run.status, triggeredBy: 'alice' });
    }
    expect(await server.db.autoAction.count({ where: { actionType: 'ASSIGN_REQUEST', target: { in: (await server.db.serviceRequest.findMany({ where: { description: 'bulk' }, select: { id: true } })).map((r) => r.id) } } })).toBe(300);
  });
});
