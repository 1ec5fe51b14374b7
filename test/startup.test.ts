// Start-up as an operator meets it, through the compiled server (`npm run build`, run by pretest):
// every invalid or unusable setting stops the process with one line that names it, no stack trace;
// and `npm start` stops cleanly when its npm process gets SIGTERM (what a container stop sends).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_JWT_SECRET } from './helpers/tokens.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const MAIN = path.join(ROOT, 'dist/main.js');
const dataDirs: string[] = [];
const children: ChildProcess[] = [];

beforeAll(() => {
  // npm test builds in pretest; a bare `vitest` run builds here.
  if (!existsSync(MAIN)) expect(spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'ignore' }).status).toBe(0);
}, 120_000);

afterAll(() => {
  for (const child of children) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    // npm start runs in its own process group: end the group, server included.
    if (child.spawnargs[0] === 'npm') process.kill(-child.pid!, 'SIGKILL');
    else child.kill('SIGKILL');
  }
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

function freshDataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'opsloop-startup-'));
  dataDirs.push(dir);
  return dir;
}

/** A port nothing listens on (taken, then released). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: freshDataDir(),
    JWT_SECRET: TEST_JWT_SECRET,
    JOBS_ENABLED: 'false',
    LOG_LEVEL: 'warn',
    DATABASE_URL: '',
    REDIS_URL: '',
    JWKS_URL: '',
    ...extra,
  };
}

/** Runs the compiled server until it exits (it must, here). */
function startExpectingFailure(extra: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN], { cwd: ROOT, env: baseEnv(extra), stdio: ['ignore', 'ignore', 'pipe'] });
    children.push(child);
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`still running after 30 s; stderr: ${stderr}`));
    }, 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

function expectOneLineNaming(result: { code: number | null; stderr: string }, setting: string, says: RegExp) {
  expect(result.code, result.stderr).toBe(2);
  const lines = result.stderr.trim().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^(invalid configuration: )?${setting}\\b`));
  expect(lines[0]).toMatch(says);
  expect(result.stderr).not.toMatch(/^\s+at /m);
}

async function postgresAnswers(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(5432, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

describe('a setting that is invalid or unusable stops the server with one line naming it', () => {
  it('a bad value: LOG_LEVEL=loud', async () => {
    expectOneLineNaming(await startExpectingFailure({ LOG_LEVEL: 'loud' }), 'LOG_LEVEL', /"loud".*expected one of/);
  });

  it('an empty PORT (it used to mean a random port)', async () => {
    expectOneLineNaming(await startExpectingFailure({ PORT: '' }), 'PORT', /expected a port number/);
  });

  it('a busy port', async () => {
    const busy = net.createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const { port } = busy.address() as net.AddressInfo;
    try {
      expectOneLineNaming(await startExpectingFailure({ PORT: String(port) }), 'PORT', new RegExp(`127\\.0\\.0\\.1:${port} is already in use`));
    } finally {
      await new Promise((resolve) => busy.close(resolve));
    }
  });

  it('an unreachable database (connection refused)', async () => {
    const port = await closedPort();
    const result = await startExpectingFailure({ DATABASE_URL: `postgresql://postgres:secret@127.0.0.1:${port}/opsloop` });
    expectOneLineNaming(result, 'DATABASE_URL', /cannot reach PostgreSQL .*connection refused/);
    expect(result.stderr).not.toContain('secret');
  });

  it('a database that does not exist (3D000), when PostgreSQL runs on 127.0.0.1:5432', async (context) => {
    if (!(await postgresAnswers())) context.skip();
    const result = await startExpectingFailure({ DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/opsloop_missing_db_xyz' });
    expectOneLineNaming(result, 'DATABASE_URL', /database "opsloop_missing_db_xyz" does not exist/);
  });

  it('an unreachable Redis', async () => {
    const port = await closedPort();
    expectOneLineNaming(await startExpectingFailure({ REDIS_URL: `redis://127.0.0.1:${port}` }), 'REDIS_URL', /cannot reach Redis .*connection refused/);
  });

  it('an unreachable JWKS URL', async () => {
    const port = await closedPort();
    const result = await startExpectingFailure({ JWT_SECRET: '', JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json` });
    expectOneLineNaming(result, 'JWKS_URL', /cannot fetch the key set .*connection refused/);
  });
});

describe('npm start', () => {
  it('stops cleanly, server included, when its npm process gets SIGTERM', async () => {
    const port = await closedPort();
    const npm = spawn('npm', ['start', '--silent'], { cwd: ROOT, env: baseEnv({ PORT: String(port) }), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    children.push(npm);
    let output = '';
    npm.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    npm.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));

    const deadline = Date.now() + 90_000;
    for (;;) {
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then((response) => response.ok, () => false);
      if (ready) break;
      if (npm.exitCode !== null || Date.now() > deadline) throw new Error(`npm start did not become ready:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    npm.kill('SIGTERM');
    expect(await exited, output).toBe(0);
    // No server left behind: the port is closed soon after.
    const closedBy = Date.now() + 5_000;
    let listening = true;
    while (listening && Date.now() < closedBy) {
      listening = await fetch(`http://127.0.0.1:${port}/readyz`).then(() => true, () => false);
      if (listening) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(listening, output).toBe(false);
  }, 120_000);
});
