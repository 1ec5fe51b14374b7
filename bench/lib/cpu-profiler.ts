// Preloaded into the opsloop child (`--import`) by bench/profile.ts: the V8 sampling profiler
// (what --cpu-prof uses) over a window the bench chooses, so start-up and seeding stay out.
// SIGWINCH starts profiling; the next SIGWINCH writes $TMPDIR/opsloop-bench-cpu-<pid>.cpuprofile.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { tmpdir } from 'node:os';
import path from 'node:path';

const session = new Session();
session.connect();
const post = (method: string, params?: object) =>
  new Promise<unknown>((resolve, reject) => session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result))));
const interval = Number(process.env.BENCH_CPU_PROF_INTERVAL_US ?? 1000);
let running = false;

process.on('SIGWINCH', () => {
  void (async () => {
    if (!running) {
      running = true;
      await post('Profiler.enable');
      await post('Profiler.setSamplingInterval', { interval });
      await post('Profiler.start');
      return;
    }
    running = false;
    const { profile } = (await post('Profiler.stop')) as { profile: unknown };
    writeFileSync(path.join(tmpdir(), `opsloop-bench-cpu-${process.pid}.cpuprofile`), JSON.stringify(profile));
  })();
});
