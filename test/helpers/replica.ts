// A server in a child process: a real replica, for tests of several instances sharing
// PostgreSQL and Redis, or of a process killed mid-work.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { TEST_SERVER_ENV } from './tokens.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface Replica {
  url: string;
  process: ChildProcess;
  /** Log lines (pino JSON) printed so far. */
  logs: string[];
  /** SIGTERM and wait for exit. */
  stop(): Promise<number | null>;
  /** SIGKILL: the process dies at once, mid-work. */
  kill(): Promise<void>;
}

export async function startReplica(env: Record<string, string>, timeoutMs = 60_000): Promise<Replica> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...TEST_SERVER_ENV,
      // The parent reads the replica's URL from its "listening" log line.
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`replica did not start in ${timeoutMs} ms:\n${logs.join('\n')}`)), timeoutMs);
    const onLine = (line: string) => {
      logs.push(line);
      try {
        const entry = JSON.parse(line) as { url?: string; msg?: string };
        if (entry.url && entry.msg?.startsWith('opsloop listening')) {
          clearTimeout(timer);
          resolve(entry.url.replace('localhost', '127.0.0.1'));
        }
      } catch {
        // not a JSON log line
      }
    };
    createInterface({ input: child.stdout! }).on('line', onLine);
    createInterface({ input: child.stderr! }).on('line', (line) => logs.push(line));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`replica exited with ${code} before listening:\n${logs.join('\n')}`));
    });
  });
  return {
    url,
    process: child,
    logs,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
    kill: async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
