// The cycle across processes: a server killed (SIGKILL) in the middle of a cycle leaves no lock and
// no half-done act behind, and the next run finishes the work with no duplicate and nothing lost;
// two replicas on one PostgreSQL triggered at once run the cycle once.
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../src/db/client.js';
import { publicId } from '../src/db/ids.js';
import { graphql } from './generated/index.js';
import { createTestDatabase, testDatabaseUrl, type TestDatabase } from './helpers/database.js';
import { startReplica, type Replica } from './helpers/replica.js';
import { postGraphQL, queryText } from './helpers/server.js';
import { tokenFor } from './helpers/tokens.js';

const ReplicaRunCycle = graphql(`
  mutation ReplicaRunCycle {
    runAutoCycle {
      id
      status
    }
  }
`);

const ReplicaCycleRun = graphql(`
  query ReplicaCycleRun($id: ID!) {
    autoCycleRun(id: $id) {
      id
      status
      error
      steps {
        name
        processed
      }
    }
  }
`);

const ReplicaAssignedCount = graphql(`
  query ReplicaAssignedCount {
    serviceRequests(status: ASSIGNED) {
      totalCount
    }
  }
`);

const ENGINEERS = ['kim.net', 'lee.net', 'park.db', 'choi.db'];

const databases: TestDatabase[] = [];
const replicas: Replica[] = [];
afterAll(async () => {
  for (const replica of replicas) await replica.kill();
  for (const database of databases) await database.drop();
});

/** Opens the test database in this process (the replicas must not hold an embedded one open). */
async function withDatabase<T>(database: TestDatabase, work: (db: Db) => Promise<T>, options = { migrate: false }): Promise<T> {
  const target = { dataDir: database.env.DATA_DIR!, databaseUrl: database.env.DATABASE_URL };
  const { prisma, close } = await openDatabase(target, { migrate: options.migrate });
  try {
    return await work(prisma);
  } finally {
    await close();
  }
}

/** Two staffed teams and `count` NEW requests, as if filed through the API (classified). */
async function seedNewRequests(database: TestDatabase, count: number): Promise<void> {
  await withDatabase(database, async (db) => {
    await db.user.createMany({ data: ENGINEERS.map((username) => ({ username, role: 'ENGINEER' as const })) });
    const network = await db.team.create({ data: { name: '네트워크팀', categories: ['NETWORK'] } });
    const dba = await db.team.create({ data: { name: 'DB팀', categories: ['DATABASE'] } });
    await db.teamMember.createMany({
      data: [
        { teamId: network.id, username: 'kim.net' },
        { teamId: network.id, username: 'lee.net' },
        { teamId: dba.id, username: 'park.db' },
        { teamId: dba.id, username: 'choi.db' },
      ],
    });
    const start = Date.now() - count * 1000;
    await db.serviceRequest.createMany({
      data: Array.from({ length: count }, (_, i) => ({
        id: publicId('SR'),
        title: i % 2 ? `VPN 접속이 안됩니다 (${i})` : `Oracle DB connection timeout (${i})`,
        description: i % 2 ? '재택근무 중 VPN 클라이언트가 연결되지 않습니다.' : 'The reporting job cannot reach the Oracle database.',
        type: 'INCIDENT' as const,
        priority: 'P2' as const,
        category: i % 2 ? ('NETWORK' as const) : ('DATABASE' as const),
        classifiedAt: new Date(start + i * 1000),
        requester: `user${i % 17}`,
        slaDueAt: new Date(Date.now() + 8 * 3_600_000),
        createdAt: new Date(start + i * 1000),
      })),
    });
  }, { migrate: true });
}

async function call<T>(replica: Replica, token: string, document: Parameters<typeof queryText>[0], variables?: unknown) {
  const result = await postGraphQL<T>(replica.url, queryText(document), variables, token);
  if (result.errors?.length) throw new Error(JSON.stringify(result.errors));
  return result.data!;
}

async function assignedCount(replica: Replica, token: string): Promise<number> {
  return (await call<{ serviceRequests: { totalCount: number } }>(replica, token, ReplicaAssignedCount)).serviceRequests.totalCount;
}

async function waitForRun(replica: Replica, token: string, id: string) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const { autoCycleRun } = await call<{ autoCycleRun: { id: string; status: string; error: string | null; steps: Array<{ name: string; processed: number }> } }>(
      replica,
      token,
      ReplicaCycleRun,
      { id },
    );
    if (autoCycleRun.status !== 'RUNNING') return autoCycleRun;
    if (Date.now() > deadline) throw new Error(`run ${id} did not finish`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** What the database says after the work: assignments and their records, per request. */
async function assignmentFacts(database: TestDatabase) {
  return withDatabase(database, async (db) => {
    const requests = await db.serviceRequest.findMany({ select: { id: true, status: true, assignee: true, category: true } });
    const actions = await db.autoAction.findMany({ where: { actionType: 'ASSIGN_REQUEST' }, select: { target: true, sourceKey: true, description: true } });
    const perEngineer = new Map<string, number>();
    for (const request of requests) if (request.assignee) perEngineer.set(request.assignee, (perEngineer.get(request.assignee) ?? 0) + 1);
    return { requests, actions, perEngineer };
  });
}

describe('a replica killed mid-cycle', () => {
  it('leaves no duplicate and loses nothing: the next run finishes the work', { timeout: 240_000 }, async () => {
    const COUNT = 800;
    const database = await createTestDatabase();
    databases.push(database);
    await seedNewRequests(database, COUNT);
    const token = await tokenFor('alice', 'ADMIN');

    const first = await startReplica(database.env);
    replicas.push(first);
    const { runAutoCycle } = await call<{ runAutoCycle: { id: string; status: string } }>(first, token, ReplicaRunCycle);
    expect(runAutoCycle.status).toBe('RUNNING');
    // Kill it once some, not all, of the requests are assigned.
    for (;;) {
      const assigned = await assignedCount(first, token);
      if (assigned >= 30) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await first.kill();

    const second = await startReplica(database.env);
    replicas.push(second);
    const assignedAtKill = await assignedCount(second, token);
    expect(assignedAtKill).toBeGreaterThanOrEqual(30);
    expect(assignedAtKill).toBeLessThan(COUNT);
    // The killed run left no lock: a new run gets it and does the rest.
    const { runAutoCycle: rerun } = await call<{ runAutoCycle: { id: string } }>(second, token, ReplicaRunCycle);
    const finished = await waitForRun(second, token, rerun.id);
    expect(finished.status).toBe('SUCCEEDED');
    expect(finished.steps[0]).toEqual({ name: 'classifyAndAssign', processed: COUNT - assignedAtKill });
    await second.stop();

    const { requests, actions, perEngineer } = await assignmentFacts(database);
    expect(requests.filter((request) => request.status === 'ASSIGNED')).toHaveLength(COUNT);
    // One record per assignment, none missing, none twice.
    expect(actions).toHaveLength(COUNT);
    expect(new Set(actions.map((action) => action.target))).toEqual(new Set(requests.map((request) => request.id)));
    for (const request of requests) {
      const team = request.category === 'NETWORK' ? ['kim.net', 'lee.net'] : ['park.db', 'choi.db'];
      expect(team).toContain(request.assignee);
    }
    // Least-loaded across the crash: each team's engineers carry an even share.
    const loads = ENGINEERS.map((engineer) => perEngineer.get(engineer) ?? 0);
    expect(Math.abs(loads[0]! - loads[1]!)).toBeLessThanOrEqual(1);
    expect(Math.abs(loads[2]! - loads[3]!)).toBeLessThanOrEqual(1);
  });
});

describe('two replicas on one PostgreSQL', () => {
  it.skipIf(!testDatabaseUrl)('triggered at once: one run does the work, the other is SKIPPED', { timeout: 240_000 }, async () => {
    const COUNT = 400;
    const database = await createTestDatabase();
    databases.push(database);
    await seedNewRequests(database, COUNT);
    const token = await tokenFor('alice', 'ADMIN');
    const [a, b] = await Promise.all([startReplica(database.env), startReplica(database.env)]);
    replicas.push(a!, b!);

    const started = await Promise.all([a!, b!].map((replica) => call<{ runAutoCycle: { id: string } }>(replica, token, ReplicaRunCycle)));
    const runs = await Promise.all([
      waitForRun(a!, token, started[0]!.runAutoCycle.id),
      waitForRun(b!, token, started[1]!.runAutoCycle.id),
    ]);
    expect(runs.map((run) => run.status).sort()).toEqual(['SKIPPED', 'SUCCEEDED']);
    expect(runs.find((run) => run.status === 'SUCCEEDED')!.steps[0]).toEqual({ name: 'classifyAndAssign', processed: COUNT });
    expect(runs.find((run) => run.status === 'SKIPPED')!.error).toMatch(/another auto cycle was running/);

    const { actions } = await assignmentFacts(database);
    expect(actions).toHaveLength(COUNT);
    expect(new Set(actions.map((action) => action.target)).size).toBe(COUNT);
  });
});
