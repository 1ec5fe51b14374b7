// CI smoke test of the production build: starts `node dist/main.js` on a fresh embedded database,
// waits for /readyz, sends SIGTERM and expects a clean exit (0). Usage: node scripts/smoke.mjs
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const port = await new Promise((resolve) => {
  const server = net.createServer().listen(0, '127.0.0.1', () => {
    const { port: free } = server.address();
    server.close(() => resolve(free));
  });
});
const dataDir = mkdtempSync(path.join(tmpdir(), 'opsloop-smoke-'));
const started = performance.now();
const server = spawn(process.execPath, ['dist/main.js'], {
  cwd: root,
  env: { ...process.env, NODE_ENV: 'production', DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', JWT_SECRET: 'smoke', DATABASE_URL: '', REDIS_URL: '' },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const exited = new Promise((resolve) => server.once('exit', (code) => resolve(code)));
const fail = (message) => {
  console.error(`smoke: ${message}`);
  server.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(1);
};
for (const deadline = Date.now() + 120_000; ; ) {
  const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then((response) => response.ok, () => false);
  if (ready) break;
  if (server.exitCode !== null) fail(`dist/main.js exited with ${server.exitCode} before it was ready`);
  if (Date.now() > deadline) fail('dist/main.js was not ready within 120 s');
  await new Promise((resolve) => setTimeout(resolve, 50));
}
console.log(`smoke: dist/main.js ready in ${Math.round(performance.now() - started)} ms`);
server.kill('SIGTERM');
const code = await exited;
rmSync(dataDir, { recursive: true, force: true });
if (code !== 0) fail(`dist/main.js exited with ${code} after SIGTERM`);
console.log('smoke: stopped cleanly on SIGTERM');
