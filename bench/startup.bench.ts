// Start-up and footprint of the real compiled server (node dist/main.js, built by `npm run build`):
// time from spawn to a 200 from /readyz on a fresh embedded database (a new DATA_DIR each run) and
// on a reopened one, the CPU time the process spent until then (user + system, all threads: a
// figure a busy machine does not inflate the way it inflates wall time), and resident memory
// (VmRSS) after 3 s idle. Medians of several runs. Usage: npm run bench -- startup [runs]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const MAIN = path.join(ROOT, 'dist/main.js');
const RUNS = Number(process.argv[2] ?? process.env.STARTUP_RUNS ?? 5);
const IDLE_MS = 3_000;
const CLOCK_TICKS_PER_SECOND = 100; // Linux USER_HZ

interface Sample {
  readyMs: number;
  cpuMs: number;
  rssMb: number;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function procStatus(pid: number) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuMs = ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND; // utime + stime
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return { cpuMs, rssMb: rssKb / 1024 };
}

async function startOnce(dataDir: string): Promise<Sample> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', DATABASE_URL: '', REDIS_URL: '', JWKS_URL: '' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    for (;;) {
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then((response) => response.ok, () => false);
      if (ready) break;
      if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode} before it was ready`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const readyMs = performance.now() - started;
    const { cpuMs } = procStatus(child.pid!);
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    const { rssMb } = procStatus(child.pid!);
    return { readyMs, cpuMs, rssMb };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

if (!existsSync(MAIN)) {
  console.log('building dist/ (npm run build)');
  if (spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' }).status !== 0) process.exit(1);
}

const fresh: Sample[] = [];
const reopened: Sample[] = [];
for (let run = 1; run <= RUNS; run += 1) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'opsloop-startup-bench-'));
  try {
    fresh.push(await startOnce(dataDir));
    reopened.push(await startOnce(dataDir));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  const [a, b] = [fresh.at(-1)!, reopened.at(-1)!];
  console.log(
    `run ${run}: fresh ${a.readyMs.toFixed(0)} ms (cpu ${a.cpuMs.toFixed(0)} ms), rss ${a.rssMb.toFixed(0)} MB; ` +
      `reopened ${b.readyMs.toFixed(0)} ms (cpu ${b.cpuMs.toFixed(0)} ms), rss ${b.rssMb.toFixed(0)} MB; load ${loadavg()[0]!.toFixed(1)}`,
  );
}

const of = (samples: Sample[], key: keyof Sample) => median(samples.map((sample) => sample[key]));
const summary = (work: string, opsloop: string, target?: string) => console.log(`SUMMARY ${JSON.stringify({ work, opsloop, ...(target ? { target } : {}) })}`);
summary(`start-up to ready, fresh embedded database (median of ${RUNS})`, `${of(fresh, 'readyMs').toFixed(0)} ms (cpu ${of(fresh, 'cpuMs').toFixed(0)} ms)`, '≤ 2000 ms');
summary(`start-up to ready, reopened embedded database (median of ${RUNS})`, `${of(reopened, 'readyMs').toFixed(0)} ms (cpu ${of(reopened, 'cpuMs').toFixed(0)} ms)`);
summary(`resident memory after ${IDLE_MS / 1000} s idle, fresh start (median of ${RUNS})`, `${of(fresh, 'rssMb').toFixed(0)} MB`, '≤ 300 MB');
console.log(`machine load average during the runs: ${loadavg()[0]!.toFixed(1)} on ${(await import('node:os')).cpus().length} CPUs`);
