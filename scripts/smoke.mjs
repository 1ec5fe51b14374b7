// CI smoke test of the production build: starts `node dist/main.js`, waits for /readyz, then runs
// the paths its bundled dependencies carry — a signed token, a graphql-ws subscription to the
// approval queue, a mutation over HTTP whose SUBMITTED event must arrive on that socket — sends
// SIGTERM and expects a clean exit (0).
//   node scripts/smoke.mjs                                   embedded database, in-process events
//   node scripts/smoke.mjs --postgres <url> --redis <url>    a fresh schema on PostgreSQL, Redis events
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from 'graphql-ws';
import { SignJWT } from 'jose';
import pg from 'pg';
import WebSocket from 'ws';

const args = process.argv.slice(2);
const option = (name) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : undefined);
const postgres = option('postgres');
const redis = option('redis');
const SECRET = 'smoke-secret';

const root = path.resolve(import.meta.dirname, '..');
const port = await new Promise((resolve) => {
  const server = net.createServer().listen(0, '127.0.0.1', () => {
    const { port: free } = server.address();
    server.close(() => resolve(free));
  });
});
const dataDir = mkdtempSync(path.join(tmpdir(), 'opsloop-smoke-'));
const schema = `smoke_${randomBytes(4).toString('hex')}`;
const admin = async (sql) => {
  const client = new pg.Client({ connectionString: postgres });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
};
let databaseUrl = '';
if (postgres) {
  await admin(`CREATE SCHEMA "${schema}"`);
  const url = new URL(postgres);
  url.searchParams.set('schema', schema);
  databaseUrl = url.toString();
}
const where = postgres ? `PostgreSQL (schema ${schema}) and ${redis ? 'Redis' : 'in-process events'}` : 'the embedded database';

const started = performance.now();
const server = spawn(process.execPath, ['dist/main.js'], {
  cwd: root,
  env: { ...process.env, NODE_ENV: 'production', DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', JWT_SECRET: SECRET, DATABASE_URL: databaseUrl, REDIS_URL: redis ?? '' },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const exited = new Promise((resolve) => server.once('exit', (code) => resolve(code)));
const cleanUp = async () => {
  rmSync(dataDir, { recursive: true, force: true });
  if (postgres) await admin(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
};
const fail = async (message) => {
  console.error(`smoke: ${message}`);
  server.kill('SIGKILL');
  await cleanUp();
  process.exit(1);
};

for (const deadline = Date.now() + 120_000; ; ) {
  const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then((response) => response.ok, () => false);
  if (ready) break;
  if (server.exitCode !== null) await fail(`dist/main.js exited with ${server.exitCode} before it was ready`);
  if (Date.now() > deadline) await fail('dist/main.js was not ready within 120 s');
  await new Promise((resolve) => setTimeout(resolve, 50));
}
console.log(`smoke: dist/main.js ready on ${where} in ${Math.round(performance.now() - started)} ms`);

try {
  const token = await new SignJWT({ role: 'ADMIN' }).setProtectedHeader({ alg: 'HS256' }).setSubject('smoke').setIssuer('opsloop').setAudience('opsloop').setIssuedAt().setExpirationTime('5m').sign(new TextEncoder().encode(SECRET));
  const ws = createClient({ url: `ws://127.0.0.1:${port}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` } });
  const events = [];
  const subscribed = new Promise((resolve, reject) => {
    ws.subscribe({ query: 'subscription { approvalQueue { kind action { id } } }' }, { next: (result) => events.push(result), error: reject, complete: () => {} });
    // graphql-ws does not acknowledge a subscribe: give it (and Redis' SUBSCRIBE) a moment.
    setTimeout(resolve, 1000);
  });
  await subscribed;
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: 'mutation { submitAction(input: { actionType: "DEPLOY", description: "smoke", target: "smoke-api", environment: PROD }) { id status } }' }),
  });
  const { data, errors } = await response.json();
  if (errors || data?.submitAction?.status !== 'PENDING_APPROVAL') throw new Error(`submitAction answered ${JSON.stringify(errors ?? data)}`);
  const id = data.submitAction.id;
  for (const deadline = Date.now() + 10_000; !events.some((event) => event.data?.approvalQueue?.action?.id === id); ) {
    if (Date.now() > deadline) throw new Error(`no SUBMITTED event for ${id} on graphql-ws within 10 s (got ${JSON.stringify(events)})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  console.log(`smoke: ${id} submitted over HTTP, its SUBMITTED event received over graphql-ws`);
  await ws.dispose();
} catch (error) {
  await fail(error instanceof Error ? error.message : String(error));
}

server.kill('SIGTERM');
const code = await exited;
await cleanUp();
if (code !== 0) await fail(`dist/main.js exited with ${code} after SIGTERM`);
console.log('smoke: stopped cleanly on SIGTERM');
