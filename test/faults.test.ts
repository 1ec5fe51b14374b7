// The fault suite: a real server process on PRIVATE Redis and PostgreSQL (own ports, own folders),
// under a steady load of submissions with a live subscription, while Redis and then PostgreSQL are
// killed and restarted. The process must never exit, nothing acknowledged may be lost or doubled,
// /readyz must follow the outages, and live events must flow again afterwards. It prints its
// figures (load, outage lengths, answers by code, recovery times).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventNamespace } from '../src/events/pubsub.js';
import { postgresAvailable, redisAvailable, startPrivatePostgres, startPrivateRedis, type PrivateService } from './helpers/private-services.js';
import { startReplica, type Replica } from './helpers/replica.js';
import { postGraphQL } from './helpers/server.js';
import { tokenFor } from './helpers/tokens.js';
import { connectWs, type Subscription, type WsClient } from './helpers/ws.js';

const SCHEMA = 'faults';
const SUBMIT = `mutation FaultSubmit($input: ActionInput!) { submitAction(input: $input) { id status } }`;
const QUEUE = `subscription FaultQueue { approvalQueue { kind action { id } } }`;

interface Answer {
  seq: number;
  at: number;
  code: string;
  status: number;
  id?: string;
}

type QueueEvent = { approvalQueue: { kind: string; action: { id: string } } };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!redisAvailable || !postgresAvailable)('Redis and PostgreSQL outages under load', () => {
  let redis: PrivateService;
  let postgres: PrivateService;
  let replica: Replica;
  let dataDir: string;
  let databaseUrl: string;

  beforeAll(async () => {
    [redis, postgres] = await Promise.all([startPrivateRedis(), startPrivatePostgres()]);
    dataDir = mkdtempSync(path.join(tmpdir(), 'opsloop-faults-data-'));
    databaseUrl = `${postgres.url}?schema=${SCHEMA}`;
    replica = await startReplica({ DATABASE_URL: databaseUrl, REDIS_URL: redis.url, DATA_DIR: dataDir }, 80_000);
  }, 120_000);

  afterAll(async () => {
    await replica?.stop();
    await Promise.all([redis?.dispose(), postgres?.dispose()]);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('never exits, loses and doubles nothing, reports readiness and resumes live events', { timeout: 150_000 }, async () => {
    const base = replica.url.replace(/\/graphql$/, '');
    const [engineer, admin] = await Promise.all([tokenFor('erin', 'ENGINEER'), tokenFor('ada', 'ADMIN')]);
    const started = Date.now();
    const t = () => Date.now() - started;

    // Readiness, polled throughout.
    const readiness: Array<{ at: number; status: number; body: string }> = [];
    let polling = true;
    const poll = (async () => {
      while (polling) {
        const sample = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(3000) })
          .then(async (response) => ({ status: response.status, body: ((await response.json()) as { status: string }).status }))
          .catch(() => ({ status: 0, body: 'no answer' }));
        const last = readiness.at(-1);
        if (!last || last.status !== sample.status || last.body !== sample.body) readiness.push({ at: t(), ...sample });
        await sleep(200);
      }
    })();
    const waitReadiness = async (body: string, timeoutMs = 30_000) => {
      const deadline = Date.now() + timeoutMs;
      while (readiness.at(-1)?.body !== body) {
        if (Date.now() > deadline) throw new Error(`/readyz never said ${body}: ${JSON.stringify(readiness)}`);
        await sleep(50);
      }
      return t();
    };

    // The live subscription.
    let socket: WsClient = await connectWs(replica.url.replace('http', 'ws'), admin);
    let subscription: Subscription<QueueEvent> = socket.subscribe<QueueEvent, never>(QUEUE);
    const seen = () => new Set(subscription.results.map((r) => r.data?.approvalQueue.action.id).filter(Boolean));
    await sleep(300);

    // The load: 5 submissions a second, each with a unique description.
    const answers: Answer[] = [];
    let seq = 0;
    let loading = true;
    const inFlight = new Set<Promise<void>>();
    const submitOne = async () => {
      const mine = ++seq;
      const at = t();
      try {
        const result = await postGraphQL<{ submitAction: { id: string } }>(replica.url, SUBMIT, {
          input: { actionType: 'DEPLOY', description: `fault load #${mine}`, target: 'billing-api', environment: 'PROD' },
        }, engineer);
        const id = result.data?.submitAction?.id;
        answers.push({ seq: mine, at, status: result.status, code: id ? 'OK' : String(result.errors?.[0]?.extensions?.code ?? 'NO_CODE'), id });
      } catch (error) {
        answers.push({ seq: mine, at, status: 0, code: `NETWORK:${(error as Error).name}` });
      }
    };
    const load = (async () => {
      while (loading) {
        const request = submitOne();
        inFlight.add(request);
        void request.finally(() => inFlight.delete(request));
        await sleep(200);
      }
    })();
    const acknowledgedSince = (from: number) => answers.filter((a) => a.at >= from && a.id);

    await sleep(3000);
    expect(acknowledgedSince(0).length).toBeGreaterThan(5);

    // --- Redis outage -------------------------------------------------------------------------
    const redisDown = t();
    await redis.kill();
    const redisDegradedAt = await waitReadiness('degraded');
    await sleep(5000);
    // Submissions still succeed, and this replica's own subscriber still hears them.
    const duringRedis = acknowledgedSince(redisDown + 1000);
    expect(duringRedis.length).toBeGreaterThan(10);
    const heardDuringRedis = duringRedis.filter((a) => seen().has(a.id)).length;
    const redisUp = t();
    await redis.start();
    const redisReadyAt = await waitReadiness('ready');
    // Cross-replica delivery is back both ways: the replica publishes to Redis again, and what
    // another replica publishes reaches this replica's subscriber (ioredis re-subscribed).
    const channel = `${eventNamespace({ databaseUrl, dataDir })}:approvalQueue:changed`;
    const listener = new Redis(redis.url);
    const relayed: string[] = [];
    listener.on('message', (_channel, message) => relayed.push(message));
    await listener.subscribe(channel);
    const relayDeadline = Date.now() + 15_000;
    while (relayed.length === 0 && Date.now() < relayDeadline) await sleep(100);
    const publishResumedAt = t();
    expect(relayed.length).toBeGreaterThan(0);
    const someId = acknowledgedSince(0)[0]!.id!;
    const publisher = new Redis(redis.url);
    const foreignDeadline = Date.now() + 15_000;
    let foreign = false;
    while (!foreign && Date.now() < foreignDeadline) {
      await publisher.publish(channel, JSON.stringify({ o: 'another-replica', p: { kind: 'EXPIRING', actionId: someId } }));
      await sleep(300);
      foreign = subscription.results.some((r) => r.data?.approvalQueue.kind === 'EXPIRING');
    }
    const subscribeResumedAt = t();
    expect(foreign).toBe(true);
    listener.disconnect();
    publisher.disconnect();

    // --- PostgreSQL outage --------------------------------------------------------------------
    await sleep(1000);
    const pgDown = t();
    await postgres.kill();
    await waitReadiness('unavailable');
    await sleep(5000);
    const pgUp = t();
    await postgres.start();
    const pgReadyAt = await waitReadiness('ready', 45_000);
    // The first acknowledged submission after the restart.
    const firstBackDeadline = Date.now() + 30_000;
    while (!answers.some((a) => a.at >= pgUp && a.id) && Date.now() < firstBackDeadline) await sleep(100);
    const firstBack = answers.filter((a) => a.at >= pgUp && a.id).sort((a, b) => a.at - b.at)[0];
    expect(firstBack).toBeDefined();
    await sleep(2500);

    loading = false;
    await load;
    await Promise.all([...inFlight]);
    polling = false;
    await poll;

    // Live events after both outages: the socket may have been closed by nothing, but if it was,
    // a reconnect must work too.
    const afterOutages = acknowledgedSince(pgReadyAt);
    expect(afterOutages.length).toBeGreaterThan(0);
    let heardAfter = 0;
    for (let i = 0; i < 50 && heardAfter === 0; i += 1) {
      heardAfter = afterOutages.filter((a) => seen().has(a.id)).length;
      if (heardAfter === 0) await sleep(100);
    }
    if (heardAfter === 0) {
      await socket.close();
      socket = await connectWs(replica.url.replace('http', 'ws'), admin);
      subscription = socket.subscribe<QueueEvent, never>(QUEUE);
      await sleep(300);
      await submitOne();
      const last = answers.at(-1)!;
      await subscription.waitFor((r) => r.data?.approvalQueue.action.id === last.id);
      heardAfter = 1;
    }
    expect(heardAfter).toBeGreaterThan(0);
    await socket.close();

    // Nothing acknowledged lost or doubled: every acknowledged id is one row; no description twice.
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    const { rows } = await client.query<{ id: string; description: string }>(`SELECT id, description FROM "${SCHEMA}"."AutoAction" WHERE description LIKE 'fault load #%'`);
    await client.end();
    const acknowledged = answers.filter((a) => a.id);
    const rowIds = new Set(rows.map((row) => row.id));
    expect(acknowledged.filter((a) => !rowIds.has(a.id!))).toEqual([]);
    expect(new Set(rows.map((row) => row.description)).size).toBe(rows.length);
    const unanswered = answers.filter((a) => !a.id).length;
    expect(rows.length).toBeLessThanOrEqual(acknowledged.length + unanswered);

    // The process never exited, and no stray rejection or exception reached the last resort.
    expect(replica.process.exitCode).toBeNull();
    expect(replica.logs.filter((line) => /unhandled promise rejection|uncaught exception/.test(line))).toEqual([]);
    expect(readiness.map((r) => r.body)).toEqual(expect.arrayContaining(['ready', 'degraded', 'unavailable']));

    const byCode = (from: number, to: number) => {
      const counts: Record<string, number> = {};
      for (const a of answers.filter((x) => x.at >= from && x.at < to)) counts[`${a.code}/${a.status}`] = (counts[`${a.code}/${a.status}`] ?? 0) + 1;
      return counts;
    };
    const seconds = answers.length ? (answers.at(-1)!.at - answers[0]!.at) / 1000 : 0;
    const figures = {
      load: `${answers.length} submissions over ${seconds.toFixed(1)} s (${(answers.length / seconds).toFixed(1)}/s), ${acknowledged.length} acknowledged, ${rows.length} rows`,
      redisOutage: `${((redisUp - redisDown) / 1000).toFixed(1)} s; /readyz degraded after ${redisDegradedAt - redisDown} ms; ready ${redisReadyAt - redisUp} ms after restart; publish resumed ${publishResumedAt - redisUp} ms, cross-replica subscribe ${subscribeResumedAt - redisUp} ms after restart`,
      redisAnswers: byCode(redisDown, redisUp),
      heardLocallyDuringRedisOutage: `${heardDuringRedis}/${duringRedis.length}`,
      postgresOutage: `${((pgUp - pgDown) / 1000).toFixed(1)} s; /readyz ready ${pgReadyAt - pgUp} ms after restart; first acknowledged submission ${firstBack!.at - pgUp} ms after restart`,
      postgresAnswers: byCode(pgDown, pgUp + (firstBack!.at - pgUp)),
      allAnswers: byCode(0, Number.MAX_SAFE_INTEGER),
      readiness: readiness.map((r) => `${(r.at / 1000).toFixed(1)}s ${r.status} ${r.body}`).join(' → '),
    };
    console.log(`fault suite figures:\n${JSON.stringify(figures, null, 2)}`);
    expect(heardDuringRedis).toBeGreaterThan(0);
  });
});
