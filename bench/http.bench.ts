// HTTP request path against hand-written baselines (figures, not assertions), side by side in one
// run, each server in its own process, autocannon from this one:
//  1. trivial authenticated query `{ __typename }` (50 connections) vs raw node:http verifying the
//     same HS256 token with jose (bench/baselines/trivial-http.ts);
//  2. the approval-queue page autoQueue(status: PENDING_APPROVAL, first: 50) with risk factors,
//     audit trails and approvals (10 connections) vs node:http + hand-written SQL
//     (bench/baselines/queue-http-pg.ts), and the SQL statements opsloop sends per page.
// Both answers are checked byte-identical first. Rounds alternate (BENCH_ROUNDS, default 3) and
// medians are reported. BENCH_DB=pglite for PGlite; BENCH_DURATION seconds per run (default 5).
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { alternate, fmt, load, median, summary, type LoadResult } from './lib/load.js';
import { BENCH_DIR, createBenchDatabase, GRAPHQL_HEADERS, JWT, mintToken, postGraphQL, recordSql, SQL_OVERHEAD, startChild, startOpsloop, type ChildServer } from './lib/opsloop.js';
import { seedActions } from './lib/seed.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const ACTIONS = Number(process.env.BENCH_ACTIONS ?? 300);

const TRIVIAL = '{ __typename }';
const QUEUE_PAGE = `query BenchQueuePage {
  autoQueue(status: PENDING_APPROVAL, first: 50) {
    totalCount
    edges { node { id actionType status riskLevel requestedBy createdAt expiresAt riskFactors { name effect } auditTrail { at actor toStatus } approvals { approver at } } }
  }
}`;

const database = await createBenchDatabase();
const OPSLOOP_ENV = { CRITICAL_QUORUM: '2' };
const baselineEnv = { JWT_SECRET: JWT.secret, JWT_ISSUER: JWT.issuer, JWT_AUDIENCE: JWT.audience };
const servers: ChildServer[] = [];
let copyDir: string | undefined;
console.log(`http bench on ${database.kind}, node ${process.version}, ${ROUNDS} alternating rounds of ${DURATION} s`);
try {
  let opsloop = await startOpsloop(database, { env: OPSLOOP_ENV });
  const started = performance.now();
  await seedActions(`${opsloop.url}/graphql`, ACTIONS);
  console.log(`seeded ${ACTIONS} actions through the API in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  let queueEnv: Record<string, string>;
  if (database.kind === 'pglite') {
    // PGlite belongs to one process: the baseline reads a copy taken while opsloop is stopped.
    await opsloop.stop();
    copyDir = mkdtempSync(path.join(tmpdir(), 'opsloop-bench-copy-'));
    cpSync(path.join(database.dataDir, 'pglite'), copyDir, { recursive: true });
    opsloop = await startOpsloop(database, { env: OPSLOOP_ENV });
    queueEnv = { PGLITE_DIR: copyDir };
  } else {
    queueEnv = { DATABASE_URL: database.url! };
  }
  servers.push(opsloop);
  const trivial = await startChild(path.join(BENCH_DIR, 'baselines', 'trivial-http.ts'), { name: 'trivial-http', env: baselineEnv });
  servers.push(trivial);
  const queue = await startChild(path.join(BENCH_DIR, 'baselines', 'queue-http-pg.ts'), { name: 'queue-http-pg', env: { ...baselineEnv, ...queueEnv } });
  servers.push(queue);

  const vera = await mintToken('vera', 'VIEWER');
  const headers = { ...GRAPHQL_HEADERS, authorization: `Bearer ${vera}` };

  // Same answer, byte for byte (status, content type and body).
  async function sameAnswer(query: string, baseline: ChildServer): Promise<number> {
    const [ours, theirs] = await Promise.all([`${opsloop.url}/graphql`, `${baseline.url}/graphql`].map(async (url) => {
      const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query }) });
      return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
    }));
    if (ours.status !== 200 || JSON.parse(ours.body).errors) throw new Error(`opsloop answered ${ours.status}: ${ours.body.slice(0, 500)}`);
    if (ours.status !== theirs.status || ours.type !== theirs.type || ours.body !== theirs.body) {
      throw new Error(`${baseline.name} differs from opsloop:\n opsloop  ${ours.status} ${ours.type} ${ours.body.slice(0, 2000)}\n baseline ${theirs.status} ${theirs.type} ${theirs.body.slice(0, 2000)}`);
    }
    return Buffer.byteLength(ours.body);
  }
  const trivialBytes = await sameAnswer(TRIVIAL, trivial);
  const queueBytes = await sameAnswer(QUEUE_PAGE, queue);
  console.log(`byte-identical answers: trivial ${trivialBytes} B, queue page ${queueBytes} B`);

  // SQL per queue page (a warm call first: the once-a-minute user record is not part of a read).
  await postGraphQL(`${opsloop.url}/graphql`, QUEUE_PAGE, undefined, vera);
  const sql = await recordSql(opsloop, () => postGraphQL(`${opsloop.url}/graphql`, QUEUE_PAGE, undefined, vera));
  const statements = sql.filter((text) => !SQL_OVERHEAD.test(text));
  console.log(`opsloop SQL per queue page: ${statements.length} statements (+${sql.length - statements.length} overhead: ${sql.filter((t) => SQL_OVERHEAD.test(t)).map((t) => t.slice(0, 20)).join(', ') || 'none'})`);
  for (const text of statements) console.log(`  ${text}`);

  async function compare(work: string, query: string, baseline: ChildServer, connections: number, target: string) {
    const body = JSON.stringify({ query });
    // Beside req/s, the server's CPU time per request: steadier than throughput on a busy machine.
    const run = async (server: ChildServer, seconds: number) => {
      const cpuBefore = server.cpuSeconds();
      const result = await load({ url: `${server.url}/graphql`, connections, durationSeconds: seconds, headers, body });
      return { ...result, cpuMicros: ((server.cpuSeconds() - cpuBefore) * 1e6) / Math.max(1, result.total) };
    };
    await run(opsloop, 2); // warm both (JIT, pools, buffers)
    await run(baseline, 2);
    const results = await alternate<LoadResult & { cpuMicros: number }>(
      ROUNDS,
      [
        { name: 'opsloop', run: () => run(opsloop, DURATION) },
        { name: baseline.name, run: () => run(baseline, DURATION) },
      ],
      (name, round, r) => console.log(`  round ${round} ${name.padEnd(14)} ${fmt.rps(r.requestsPerSecond).padStart(13)}  p50 ${fmt.ms(r.p50)}  p99 ${fmt.ms(r.p99)}  cpu ${Math.round(r.cpuMicros)} µs/req${r.errors || r.non2xx ? `  errors ${r.errors} non-2xx ${r.non2xx}` : ''}`),
    );
    const ours = results.get('opsloop')!;
    const theirs = results.get(baseline.name)!;
    const rps = [median(ours.map((r) => r.requestsPerSecond)), median(theirs.map((r) => r.requestsPerSecond))] as const;
    const p99 = [median(ours.map((r) => r.p99)), median(theirs.map((r) => r.p99))] as const;
    const cpu = [median(ours.map((r) => r.cpuMicros)), median(theirs.map((r) => r.cpuMicros))] as const;
    const ratio = rps[0] / rps[1];
    console.log(`${work}: opsloop ${fmt.rps(rps[0])} (p99 ${fmt.ms(p99[0])}, ${Math.round(cpu[0])} µs CPU/req), ${baseline.name} ${fmt.rps(rps[1])} (p99 ${fmt.ms(p99[1])}, ${Math.round(cpu[1])} µs CPU/req) → ${fmt.ratio(ratio)} (target ${target}); CPU per request ${fmt.ratio(cpu[1] / cpu[0])} of the baseline's speed`);
    summary({ work: `${work} [${database.kind}]`, opsloop: `${fmt.rps(rps[0])}, p99 ${fmt.ms(p99[0])}, ${Math.round(cpu[0])} µs CPU/req`, baseline: `${fmt.rps(rps[1])}, p99 ${fmt.ms(p99[1])}, ${Math.round(cpu[1])} µs CPU/req`, ratio: fmt.ratio(ratio), target });
  }

  console.log(`\n{ __typename }, 50 connections`);
  await compare('trivial query, 50 conn', TRIVIAL, trivial, 50, '≥ 0.5×');
  console.log(`\nautoQueue(first: 50) page, 10 connections`);
  await compare('autoQueue(first: 50), 10 conn', QUEUE_PAGE, queue, 10, '≥ 0.6×');
  summary({ work: `autoQueue SQL statements/page [${database.kind}]`, opsloop: String(statements.length), baseline: '3', target: '≤ 3' });
} finally {
  for (const server of servers.reverse()) await server.stop();
  await database.drop();
  if (copyDir) rmSync(copyDir, { recursive: true, force: true });
}
