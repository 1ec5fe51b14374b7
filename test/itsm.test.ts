// ITSM core through the public API: filing requests (classified at once, Korean and English; SLA
// from the priority), who reads what, resolving, KB articles, teams.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './generated/index.js';
import { fileRequest, ItsmAddTeamMember, ItsmCreateRequest, ItsmRequest, ItsmUpsertTeam, ItsmWhoAmI } from './helpers/itsm.js';
import { startTestServer, type TestServer, type UserClient } from './helpers/server.js';

const ItsmRequests = graphql(`
  query ItsmRequests($status: RequestStatus, $type: RequestType, $first: Int, $after: String) {
    serviceRequests(status: $status, type: $type, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          requester
          status
          type
        }
      }
    }
  }
`);

const ItsmResolve = graphql(`
  mutation ItsmResolve($id: ID!, $resolution: String!) {
    resolveServiceRequest(id: $id, resolution: $resolution) {
      id
      status
      resolution
      resolvedAt
    }
  }
`);

const ItsmCreateArticle = graphql(`
  mutation ItsmCreateArticle($input: CreateKbArticleInput!) {
    createKbArticle(input: $input) {
      id
      title
      status
      tags
      keywords
      createdBy
    }
  }
`);

const ItsmPublishArticle = graphql(`
  mutation ItsmPublishArticle($id: ID!) {
    publishKbArticle(id: $id) {
      id
      status
      publishedAt
    }
  }
`);

const ItsmArticles = graphql(`
  query ItsmArticles($status: KbStatus) {
    kbArticles(status: $status, first: 100) {
      totalCount
      edges {
        node {
          id
          status
        }
      }
    }
  }
`);

const ItsmArticle = graphql(`
  query ItsmArticle($id: ID!) {
    kbArticle(id: $id) {
      id
      status
      sourceSrId
      effectivenessScore
      appliedCount
      failedCount
      createdBy
    }
  }
`);

const ItsmTeams = graphql(`
  query ItsmTeams {
    teams {
      totalCount
      edges {
        node {
          name
          categories
          members {
            username
            role
          }
        }
      }
    }
  }
`);

let server: TestServer;
let admin: UserClient;
let engineer: UserClient;
let viewer: UserClient;
let minji: UserClient;
let tom: UserClient;

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.as('alice', 'ADMIN');
  engineer = await server.as('kim.engineer', 'ENGINEER');
  viewer = await server.as('vera', 'VIEWER');
  minji = await server.as('minji', 'REQUESTER', { inst: 7 });
  tom = await server.as('tom', 'REQUESTER', { inst: 9 });
});
afterAll(() => server?.stop());

const HOUR = 3_600_000;
const hoursBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / HOUR;

describe('filing a service request', () => {
  it('classifies a Korean request at once and sets the SLA from the inferred priority', async () => {
    const request = await fileRequest(minji, { title: 'VPN 접속이 안됩니다', description: '재택근무 중인데 VPN 클라이언트가 연결되지 않습니다.', type: 'INCIDENT' });
    expect(request).toMatchObject({ category: 'NETWORK', priority: 'P2', status: 'NEW', requester: 'minji', instId: 7, assignee: null });
    expect(request.id).toMatch(/^SR-[0-9A-Z]{8}$/);
    expect(hoursBetween(request.createdAt, request.slaDueAt)).toBeCloseTo(8, 3);
  });

  it('classifies the same problem in English the same way', async () => {
    const request = await fileRequest(tom, { title: 'VPN connection fails', description: 'Working from home, the VPN client cannot connect.', type: 'INCIDENT' });
    expect(request).toMatchObject({ category: 'NETWORK', priority: 'P2', instId: 9 });
  });

  it('infers P1 for an outage (4 h SLA) and P4 for a question (72 h)', async () => {
    const outage = await fileRequest(engineer, { title: '전체 사용자 그룹웨어 접속 불가', description: '오전 9시부터 전 직원이 그룹웨어에 접속할 수 없습니다.', type: 'INCIDENT' });
    expect(outage).toMatchObject({ category: 'APPLICATION', priority: 'P1' });
    expect(hoursBetween(outage.createdAt, outage.slaDueAt)).toBeCloseTo(4, 3);
    const question = await fileRequest(minji, { title: '비밀번호 초기화 방법 문의', description: '그룹웨어 비밀번호를 잊어버렸습니다.', type: 'INQUIRY' });
    expect(question).toMatchObject({ category: 'ACCOUNT', priority: 'P4' });
    expect(hoursBetween(question.createdAt, question.slaDueAt)).toBeCloseTo(72, 3);
  });

  it('keeps a priority and an SLA deadline the requester chose', async () => {
    const slaDueAt = new Date(Date.now() + 2 * HOUR).toISOString();
    const request = await fileRequest(minji, { title: 'Printer on the 3rd floor jams', description: 'Paper jam every few pages.', type: 'INCIDENT', priority: 'P3', slaDueAt });
    expect(request).toMatchObject({ category: 'HARDWARE', priority: 'P3', slaDueAt });
  });

  it('refuses invalid input with BAD_USER_INPUT naming the field', async () => {
    const emptyTitle = await minji.request(ItsmCreateRequest, { input: { title: '   ', description: 'something', type: 'INQUIRY' } });
    expect(emptyTitle.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.title' });
    expect(emptyTitle.errors?.[0]?.message).toMatch(/^input\.title: /);
    const pastDeadline = await minji.request(ItsmCreateRequest, {
      input: { title: 'x', description: 'y', type: 'INQUIRY', slaDueAt: new Date(Date.now() - HOUR).toISOString() },
    });
    expect(pastDeadline.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.slaDueAt' });
    const longTitle = await minji.request(ItsmCreateRequest, { input: { title: 'a'.repeat(201), description: 'y', type: 'INQUIRY' } });
    expect(longTitle.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.title' });
    const badType = await minji.request(ItsmCreateRequest, { input: { title: 'x', description: 'y', type: 'QUESTION' as never } });
    expect(badType.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(badType.errors?.[0]?.message).toMatch(/RequestType/);
  });

  it('lets only requesters and ops file requests; a requester files for their own institution', async () => {
    const input = { title: 'Monitor flickers', description: 'The left monitor flickers.', type: 'INCIDENT' as const };
    expect((await viewer.request(ItsmCreateRequest, { input })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await server.request(ItsmCreateRequest, { input }, null)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await minji.request(ItsmCreateRequest, { input: { ...input, instId: 8 } })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await fileRequest(engineer, { ...input, instId: 8 })).instId).toBe(8);
  });

  it('links recurring requests to one recurrence pattern', async () => {
    const texts = ['Outlook 메일 발송 오류', 'Outlook 메일 발송이 안됩니다', 'Outlook 메일 발송 실패'];
    const requests = [];
    for (const title of texts) requests.push(await fileRequest(tom, { title, description: '아웃룩에서 메일을 보내면 오류가 납니다', type: 'INCIDENT' }));
    expect(requests[0]!.patternId).not.toBeNull();
    expect(new Set(requests.map((r) => r.patternId)).size).toBe(1);
  });
});

describe('reading service requests', () => {
  it('shows a requester their own requests only; another requester’s is NOT_FOUND', async () => {
    const mine = await fileRequest(minji, { title: '엑셀 라이선스 요청', description: '엑셀 라이선스가 필요합니다', type: 'SERVICE' });
    const theirs = await fileRequest(tom, { title: 'Excel license', description: 'I need an Excel license', type: 'SERVICE' });
    expect((await minji.data(ItsmRequest, { id: mine.id })).serviceRequest.id).toBe(mine.id);
    const denied = await minji.request(ItsmRequest, { id: theirs.id });
    expect(denied.data ?? null).toBeNull();
    expect(denied.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    // Same answer as for an id that does not exist: nothing leaks.
    const missing = await minji.request(ItsmRequest, { id: 'SR-00000000' });
    expect(missing.errors?.[0]?.message.replace('SR-00000000', theirs.id)).toBe(denied.errors?.[0]?.message);

    const listed = await minji.data(ItsmRequests, { first: 100 });
    expect(listed.serviceRequests.edges.every((edge) => edge.node.requester === 'minji')).toBe(true);
    expect(listed.serviceRequests.totalCount).toBe(listed.serviceRequests.edges.length);
  });

  it('shows staff every request, with filters and pages', async () => {
    const all = await viewer.data(ItsmRequests, { first: 100 });
    const requesters = new Set(all.serviceRequests.edges.map((edge) => edge.node.requester));
    expect(requesters).toEqual(new Set(['minji', 'tom', 'kim.engineer']));
    const services = await viewer.data(ItsmRequests, { type: 'SERVICE', first: 100 });
    expect(services.serviceRequests.totalCount).toBe(2);
    const firstPage = await viewer.data(ItsmRequests, { first: 3 });
    expect(firstPage.serviceRequests.pageInfo.hasNextPage).toBe(true);
    const secondPage = await viewer.data(ItsmRequests, { first: 3, after: firstPage.serviceRequests.pageInfo.endCursor });
    const ids = [...firstPage.serviceRequests.edges, ...secondPage.serviceRequests.edges].map((edge) => edge.node.id);
    expect(new Set(ids).size).toBe(6);
    expect(ids).toEqual(all.serviceRequests.edges.slice(0, 6).map((edge) => edge.node.id));
  });

  it('refuses a malformed id with BAD_USER_INPUT', async () => {
    expect((await viewer.request(ItsmRequest, { id: 'nope' })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });
});

describe('resolving a request', () => {
  it('resolves an open request once; a second time is a CONFLICT', async () => {
    const request = await fileRequest(minji, { title: '모니터가 깜빡입니다', description: '왼쪽 모니터 화면이 깜빡거립니다', type: 'INCIDENT' });
    expect((await minji.request(ItsmResolve, { id: request.id, resolution: 'done' })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // VIEWERs read requests but do not work on them: FORBIDDEN, and the request is untouched.
    const byViewer = await viewer.request(ItsmResolve, { id: request.id, resolution: 'done by a viewer' });
    expect(byViewer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(byViewer.data ?? null).toBeNull();
    expect((await viewer.data(ItsmRequest, { id: request.id })).serviceRequest).toMatchObject({ status: 'NEW', resolution: null });
    expect((await engineer.request(ItsmResolve, { id: request.id, resolution: '  ' })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'resolution' });
    const resolved = await engineer.data(ItsmResolve, { id: request.id, resolution: '모니터 케이블을 교체했습니다.' });
    expect(resolved.resolveServiceRequest).toMatchObject({ status: 'RESOLVED', resolution: '모니터 케이블을 교체했습니다.' });
    const again = await engineer.request(ItsmResolve, { id: request.id, resolution: 'again' });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', status: 'RESOLVED' });
    // The requester sees the resolution on their request.
    expect((await minji.data(ItsmRequest, { id: request.id })).serviceRequest.resolution).toBe('모니터 케이블을 교체했습니다.');
    expect((await engineer.request(ItsmResolve, { id: 'SR-00000000', resolution: 'x' })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('KB articles', () => {
  it('are drafted, published once, and readable by ops roles and VIEWERs only', async () => {
    const { createKbArticle: draft } = await engineer.data(ItsmCreateArticle, {
      input: { title: '비밀번호 초기화 방법 / How to reset your password', body: '셀프서비스 포털에서 비밀번호를 초기화하세요. Reset it on the self-service portal.', tags: ['Account', 'password', 'account'] },
    });
    expect(draft).toMatchObject({ status: 'DRAFT', tags: ['account', 'password'], createdBy: 'kim.engineer' });
    expect(draft.keywords).toEqual(expect.arrayContaining(['password', 'reset']));
    expect((await viewer.data(ItsmArticle, { id: draft.id })).kbArticle).toMatchObject({ id: draft.id, status: 'DRAFT' });
    expect((await minji.request(ItsmCreateArticle, { input: { title: 't', body: 'b' } })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // VIEWERs read articles but do not write or publish them: FORBIDDEN, nothing written.
    const before = (await engineer.data(ItsmArticles, {})).kbArticles.totalCount;
    const created = await viewer.request(ItsmCreateArticle, { input: { title: 'Viewer note', body: 'b' } });
    expect(created.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(created.data ?? null).toBeNull();
    expect((await engineer.data(ItsmArticles, {})).kbArticles.totalCount).toBe(before);
    const publishedByViewer = await viewer.request(ItsmPublishArticle, { id: draft.id });
    expect(publishedByViewer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await engineer.data(ItsmArticle, { id: draft.id })).kbArticle).toMatchObject({ status: 'DRAFT' });

    const published = await engineer.data(ItsmPublishArticle, { id: draft.id });
    expect(published.publishKbArticle).toMatchObject({ id: draft.id, status: 'PUBLISHED' });
    expect(published.publishKbArticle.publishedAt).not.toBeNull();
    expect((await engineer.request(ItsmPublishArticle, { id: draft.id })).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect((await viewer.data(ItsmArticles, { status: 'PUBLISHED' })).kbArticles.totalCount).toBe(1);
    // Articles are ops data (drafts quote other users' requests; learning counters): requesters
    // are FORBIDDEN, published or not, and get nothing back.
    for (const denied of [await minji.request(ItsmArticles, {}), await minji.request(ItsmArticles, { status: 'PUBLISHED' }), await minji.request(ItsmArticle, { id: draft.id })]) {
      expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(denied.data ?? null).toBeNull();
    }
    expect((await engineer.request(ItsmCreateArticle, { input: { title: '', body: 'b' } })).errors?.[0]?.extensions).toMatchObject({ field: 'input.title' });
  });
});

describe('teams', () => {
  it('are managed by ADMINs and list their engineers', async () => {
    const lee = await server.as('lee.network', 'ENGINEER');
    await lee.data(ItsmWhoAmI);
    await engineer.data(ItsmWhoAmI);
    expect((await engineer.request(ItsmUpsertTeam, { input: { name: '네트워크팀', categories: ['NETWORK'] } })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await admin.data(ItsmUpsertTeam, { input: { name: '네트워크팀', categories: ['NETWORK'] } });
    // Upsert replaces the categories; duplicates collapse.
    const updated = await admin.data(ItsmUpsertTeam, { input: { name: '네트워크팀', categories: ['NETWORK', 'SECURITY', 'NETWORK'] } });
    expect(updated.upsertTeam.categories).toEqual(['NETWORK', 'SECURITY']);
    await admin.data(ItsmAddTeamMember, { team: '네트워크팀', username: 'lee.network' });
    const added = await admin.data(ItsmAddTeamMember, { team: '네트워크팀', username: 'kim.engineer' });
    await admin.data(ItsmAddTeamMember, { team: '네트워크팀', username: 'kim.engineer' });
    expect(added.addTeamMember.members).toEqual([
      { username: 'kim.engineer', role: 'ENGINEER' },
      { username: 'lee.network', role: 'ENGINEER' },
    ]);

    expect((await admin.request(ItsmAddTeamMember, { team: '네트워크팀', username: 'ghost' })).errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    expect((await admin.request(ItsmAddTeamMember, { team: 'nope', username: 'lee.network' })).errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    expect((await admin.request(ItsmAddTeamMember, { team: '네트워크팀', username: 'minji' })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'username' });
    expect((await admin.request(ItsmUpsertTeam, { input: { name: 'empty', categories: [] } })).errors?.[0]?.extensions).toMatchObject({ field: 'input.categories' });

    const { teams } = await viewer.data(ItsmTeams);
    expect(teams.totalCount).toBe(1);
    expect(teams.edges[0]!.node).toMatchObject({ name: '네트워크팀', members: [{ username: 'kim.engineer' }, { username: 'lee.network' }] });
    expect((await minji.request(ItsmTeams)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

// On a server of its own: it files requests for a new requester, which the counts above do not expect.
describe('a requester’s institution', () => {
  let server: TestServer;
  let admin: UserClient;
  let minji: UserClient;
  beforeAll(async () => {
    server = await startTestServer();
    admin = await server.as('alice', 'ADMIN');
    minji = await server.as('minji', 'REQUESTER', { inst: 7 });
  });
  afterAll(() => server?.stop());

  it('files a requester’s request for the token’s institution only, even without an inst claim', async () => {
    const input = { title: 'Keyboard missing keys', description: 'The Q key fell off.', type: 'INCIDENT' as const };
    const filedBy = async (username: string) => (await admin.data(ItsmRequests, { first: 100 })).serviceRequests.edges.filter((edge) => edge.node.requester === username);
    // Without one: no institution at all, and naming any institution is refused, nothing filed.
    const nomad = await server.as('nomad', 'REQUESTER');
    expect((await fileRequest(nomad, input)).instId).toBeNull();
    for (const instId of [7, 9]) {
      expect((await nomad.request(ItsmCreateRequest, { input: { ...input, instId } })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect((await filedBy('nomad')).length).toBe(1);
    // With an inst claim: the own institution is fine, given or not; another one is refused.
    expect((await fileRequest(minji, { ...input, instId: 7 })).instId).toBe(7);
    const before = (await filedBy('minji')).length;
    const other = await minji.request(ItsmCreateRequest, { input: { ...input, instId: 9 } });
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(other.errors?.[0]?.message).toMatch(/input\.instId 9/);
    expect((await filedBy('minji')).length).toBe(before);
  });
});
