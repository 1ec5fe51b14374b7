// opsloop for a bench: the production build (`node dist/main.js`, built first) as a child process
// on a free port against a fresh database, so a bench depends on the public surface only
// (environment, HTTP, graphql-ws). Baselines and preloads written in TypeScript are compiled to
// JavaScript by esbuild first: no child runs through tsx, opsloop or baseline.
// BENCH_DB=postgres (default; BENCH_DATABASE_URL or postgresql://postgres@127.0.0.1:5432/test, a
// fresh schema per run, dropped after) or BENCH_DB=pglite (a temporary DATA_DIR).
// BENCH_OPSLOOP_ROOT runs another checkout (e.g. a snapshot worktree while src/ is being edited).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import pg from 'pg';

export const ROOT = path.resolve(process.env.BENCH_OPSLOOP_ROOT ?? path.join(import.meta.dirname, '..', '..'));
export const BENCH_DIR = path.join(import.meta.dirname, '..');
export const JWT = { secret: 'opsloop-bench-secret-not-for-production', issuer: 'opsloop', audience: 'opsloop' };
export type Role = 'ADMIN' | 'PM' | 'ENGINEER' | 'VIEWER' | 'REQUESTER';

export const databaseKind: 'postgres' | 'pglite' = process.env.BENCH_DB === 'pglite' ? 'pglite' : 'postgres';
const POSTGRES_URL = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

export function mintToken(sub: string, role: Role): Promise<string> {
  return new SignJWT({ role })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuer(JWT.issuer)
    .setAudience(JWT.audience)
    .setIssuedAt()
    .setExpirationTime('12h')
    .sign(new TextEncoder().encode(JWT.secret));
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A fresh database: a new schema on PostgreSQL, a temporary folder for PGlite. */
export interface BenchDatabase {
  kind: 'postgres' | 'pglite';
  dataDir: string;
  /** DATABASE_URL for opsloop (with ?schema=), on PostgreSQL. */
  url?: string;
  schema?: string;
  /** Connection string without ?schema= (for pg clients that set search_path). */
  serverUrl?: string;
  drop(): Promise<void>;
}

export async function createBenchDatabase(): Promise<BenchDatabase> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'opsloop-bench-'));
  if (databaseKind === 'pglite') {
    return { kind: 'pglite', dataDir, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  await adminQuery(`CREATE SCHEMA "${schema}"`);
  const url = new URL(POSTGRES_URL);
  url.searchParams.set('schema', schema);
  return {
    kind: 'postgres',
    dataDir,
    url: url.toString(),
    schema,
    serverUrl: POSTGRES_URL,
    drop: async () => {
      await adminQuery(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Kernel clock ticks per second (USER_HZ), 100 on Linux. */
const CLOCK_TICKS = 100;

export interface ChildServer {
  name: string;
  port: number;
  url: string;
  child: ChildProcess;
  /** Log lines dropped because a client had closed its request (AbortError). */
  abortedRequests(): number;
  /** Resident set size of the child, in bytes (Linux /proc). */
  rss(): number;
  /** CPU time the child has used so far (user + system), in seconds (Linux /proc). */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

export interface StartOptions {
  name: string;
  /** Node flags before the script (e.g. --cpu-prof). */
  nodeFlags?: string[];
  env?: Record<string, string>;
  /** Path that answers 200 once the server is ready. */
  readyPath?: string;
  cwd?: string;
}

/**
 * A TypeScript file as one JavaScript module (packages stay external), next to node_modules so its
 * imports resolve; JavaScript files are returned as they are.
 */
export async function compiled(file: string): Promise<string> {
  if (!file.endsWith('.ts')) return file;
  const { build } = await import('esbuild');
  const outfile = path.join(ROOT, 'node_modules', '.cache', 'opsloop-bench', `${path.basename(file, '.ts')}-${createHash('sha256').update(file).digest('hex').slice(0, 8)}.mjs`);
  await build({ entryPoints: [file], outfile, bundle: true, format: 'esm', platform: 'node', target: 'node20.19', packages: 'external', logLevel: 'warning' });
  return outfile;
}

/** Spawns `node <flags> <script>` (compiled when it is TypeScript) with PORT set, waits until readyPath answers. */
export async function startChild(script: string, options: StartOptions): Promise<ChildServer> {
  const port = await freePort();
  const flags = await Promise.all((options.nodeFlags ?? []).map((flag) => (flag.endsWith('.ts') ? compiled(flag) : flag)));
  const child = spawn(process.execPath, [...flags, await compiled(script)], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // A client closing mid-request (autocannon at the end of a run) is logged by opsloop as an
  // error: counted, not printed. Everything else the child writes is passed through.
  let aborted = 0;
  for (const [stream, out] of [[child.stdout!, process.stdout], [child.stderr!, process.stderr]] as const) {
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop()!;
      for (const line of lines) {
        if (line.includes('This operation was aborted')) aborted += 1;
        else out.write(`${line}\n`);
      }
    });
  }
  let exited: string | undefined;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = `exited with ${code ?? signal}`;
      resolve();
    }),
  );
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`${options.name} ${exited} before it was ready`);
    try {
      const response = await fetch(`${base}${options.readyPath ?? '/healthz'}`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${options.name} not ready within 60 s (${script}; BENCH_OPSLOOP_ROOT runs another checkout)`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    name: options.name,
    port,
    url: base,
    child,
    abortedRequests: () => aborted,
    rss: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) * 1024;
    },
    cpuSeconds: () => {
      // Fields 14 and 15 of /proc/<pid>/stat (after the parenthesised name): utime, stime in ticks.
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
    },
    stop: async () => {
      if (!exited) child.kill('SIGTERM');
      const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exit;
      clearTimeout(force);
    },
  };
}

let builtOnce = false;

/** `npm run build` once per bench process: the benches measure the compiled server. */
function buildOpsloop(): void {
  if (builtOnce) return;
  builtOnce = true;
  if (spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] }).status !== 0) throw new Error('npm run build failed');
}

/** opsloop as users run it in production (`node dist/main.js`), jobs off, on `database`. */
export function startOpsloop(database: BenchDatabase, options: { env?: Record<string, string>; nodeFlags?: string[] } = {}): Promise<ChildServer> {
  buildOpsloop();
  return startChild(path.join(ROOT, 'dist', 'main.js'), {
    name: 'opsloop',
    nodeFlags: ['--import', path.join(BENCH_DIR, 'lib', 'sql-recorder.ts'), ...(options.nodeFlags ?? [])],
    readyPath: '/readyz',
    env: {
      NODE_ENV: 'production',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
      JOBS_ENABLED: 'false',
      GRAPHIQL: 'false',
      JWT_SECRET: JWT.secret,
      JWT_ISSUER: JWT.issuer,
      JWT_AUDIENCE: JWT.audience,
      // Load generators spend far more than a user's cost budget: the limiter runs but never refuses.
      RATE_LIMIT_COST_PER_MINUTE: '1000000000',
      // The fan-out benches' thousands of subscribers share one user's token.
      WS_MAX_CONNECTIONS_PER_USER: '100000',
      DATA_DIR: database.dataDir,
      ...(database.url ? { DATABASE_URL: database.url } : {}),
      ...options.env,
    },
  });
}

export interface GraphQLResult<T = Record<string, unknown>> {
  status: number;
  text: string;
  body: { data?: T; errors?: unknown[] };
}

export const GRAPHQL_HEADERS = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };

export async function postGraphQL<T>(url: string, query: string, variables: unknown, token: string | null): Promise<GraphQLResult<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { ...GRAPHQL_HEADERS, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(variables === undefined ? { query } : { query, variables }),
  });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) };
}

/** Like postGraphQL, but throws on any GraphQL error. */
export async function graphqlData<T>(url: string, query: string, variables: unknown, token: string): Promise<T> {
  const result = await postGraphQL<T>(url, query, variables, token);
  if (result.status !== 200 || result.body.errors?.length) throw new Error(`GraphQL ${result.status}: ${result.text}`);
  return result.body.data as T;
}

/** Statements the opsloop child sent between two calls (see sql-recorder.ts). */
export async function recordSql(server: ChildServer, work: () => Promise<unknown>): Promise<string[]> {
  const file = path.join(tmpdir(), `opsloop-bench-sql-${server.child.pid}.json`);
  rmSync(file, { force: true });
  server.child.kill('SIGUSR2'); // start recording
  await new Promise((resolve) => setTimeout(resolve, 100));
  await work();
  server.child.kill('SIGUSR2'); // write and stop
  const deadline = Date.now() + 5000;
  for (;;) {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as string[];
    } catch {
      if (Date.now() > deadline) throw new Error('the SQL recorder did not answer');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** Not part of a read: transaction control, probes, recording the caller (users.service.ts). */
export const SQL_OVERHEAD = /^\s*(BEGIN|COMMIT|ROLLBACK|SET|SELECT 1)\b|"User"/i;
