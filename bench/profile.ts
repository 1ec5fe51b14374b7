// CPU profile of opsloop under load (not a *.bench.ts: `npx tsx bench/profile.ts`). Starts the
// opsloop child with the V8 sampling profiler preloaded (bench/lib/cpu-profiler.ts), seeds the
// approval queue through the API, then for each path — trivial `{ __typename }` (50 connections)
// and the autoQueue(first: 50) page (10 connections) — warms up, profiles BENCH_PROFILE_SECONDS
// (default 15) of steady load and prints where the time goes (groups, entry points, top
// functions), plus the SQL Prisma sends for one page. Profiles are kept in $TMPDIR.
// BENCH_DB=pglite as for the benches.
import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { printSummary, summarize, type CpuProfile } from './lib/cpu-profile-summary.js';
import { fmt, load } from './lib/load.js';
import { BENCH_DIR, createBenchDatabase, GRAPHQL_HEADERS, mintToken, postGraphQL, recordSql, startOpsloop } from './lib/opsloop.js';
import { seedActions } from './lib/seed.js';

const SECONDS = Number(process.env.BENCH_PROFILE_SECONDS ?? 15);
const QUEUE_PAGE = `query BenchQueuePage {
  autoQueue(status: PENDING_APPROVAL, first: 50) {
    totalCount
    edges { node { id actionType status riskLevel requestedBy createdAt expiresAt riskFactors { name effect } auditTrail { at actor toStatus } approvals { approver at } } }
  }
}`;

const is = (pattern: RegExp, name?: RegExp) => (frame: { url: string; functionName: string }) => pattern.test(frame.url) && (!name || name.test(frame.functionName));
const MARKERS: Array<[string, (frame: { url: string; functionName: string }) => boolean]> = [
  ['src/server.ts handleHttp (whole request after routing)', is(/\/src\/server\.ts$/, /^handleHttp$/)],
  ['readBody (src/server.ts)', is(/\/src\/server\.ts$/, /^readBody$/)],
  ['yoga fetch / handler (graphql-yoga, @whatwg-node/server)', is(/graphql-yoga\/|@whatwg-node\/server/)],
  ['context factory → jose jwtVerify', is(/\/jose\//, /^jwtVerify$/)],
  ['WebCrypto (node:internal/crypto)', is(/node:internal\/crypto/)],
  ['recordUser', is(/users\.service\.ts$/, /^recordUser$/)],
  ['graphql parse', is(/\/graphql\/language\/parser/, /^parse$/)],
  ['graphql validate', is(/\/graphql\/validation\/validate/, /^validate$/)],
  ['graphql execute (@graphql-tools/executor execute)', is(/@graphql-tools\/executor\/.*execute\.js$/, /^(execute|executeImpl)$/)],
  ['yoga result JSON (jsonStringifyResultWithoutInternals)', is(/graphql-yoga/, /^jsonStringifyResultWithoutInternals$/)],
  ['AbortController/DOMException per request', (frame) => /node:internal\/(abort_controller|per_context\/domexception|worker\/js_transferable)/.test(frame.url)],
  ['Prisma client (@prisma/client runtime, generated client)', is(/@prisma\/client|generated\/prisma/)],
  ['pg driver', is(/node_modules\/(pg|pg-protocol|pg-pool)\//)],
  ['Pothos', is(/@pothos\//)],
  ['graphql-armor (limits)', is(/graphql-armor/)],
  ['tsx loader', is(/\/tsx\//)],
  ['JSON.stringify / JSON.parse', (frame) => /^(stringify|parse)$/.test(frame.functionName) && frame.url === ''],
  ['Request/Headers/Response objects (undici)', is(/undici/)],
];

const database = await createBenchDatabase();
const opsloop = await startOpsloop(database, { env: { CRITICAL_QUORUM: '2' }, nodeFlags: ['--import', path.join(BENCH_DIR, 'lib', 'cpu-profiler.ts')] });
try {
  await seedActions(`${opsloop.url}/graphql`, 300);
  const vera = await mintToken('vera', 'VIEWER');
  const headers = { ...GRAPHQL_HEADERS, authorization: `Bearer ${vera}` };

  const sql = await recordSql(opsloop, () => postGraphQL(`${opsloop.url}/graphql`, QUEUE_PAGE, undefined, vera));
  console.log(`SQL for one autoQueue(first: 50) page: ${sql.length} statements`);
  for (const text of sql) console.log(`  ${text}`);

  for (const [name, query, connections] of [
    ['trivial', '{ __typename }', 50],
    ['autoQueue', QUEUE_PAGE, 10],
  ] as const) {
    const body = JSON.stringify({ query });
    await load({ url: `${opsloop.url}/graphql`, connections, durationSeconds: 3, headers, body });
    const file = path.join(tmpdir(), `opsloop-bench-cpu-${opsloop.child.pid}.cpuprofile`);
    rmSync(file, { force: true });
    opsloop.child.kill('SIGWINCH');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const result = await load({ url: `${opsloop.url}/graphql`, connections, durationSeconds: SECONDS, headers, body });
    opsloop.child.kill('SIGWINCH');
    let profile: CpuProfile | undefined;
    for (let i = 0; i < 100 && !profile; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      try {
        profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
      } catch {
        // not written yet
      }
    }
    if (!profile) throw new Error('no profile written');
    const kept = path.join(tmpdir(), `opsloop-${name}-${database.kind}.cpuprofile`);
    copyFileSync(file, kept);
    console.log(`\n${name}: ${fmt.rps(result.requestsPerSecond)} under the profiler, p99 ${fmt.ms(result.p99)} (profile: ${kept})`);
    printSummary(`${name} path [${database.kind}]`, summarize(profile, MARKERS));
  }
} finally {
  await opsloop.stop();
  await database.drop();
}
