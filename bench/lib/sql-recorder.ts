// Preloaded into the opsloop child (`--import`): records the SQL text it sends, without touching
// src/. SIGUSR2 starts recording; the next SIGUSR2 writes the statements to
// $TMPDIR/opsloop-bench-sql-<pid>.json and stops. Outside a recording it costs one branch a query.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

let recording: string[] | undefined;

function ownerOf(prototype: object, method: string): Record<string, unknown> {
  let current: object | null = prototype;
  while (current && !Object.prototype.hasOwnProperty.call(current, method)) current = Object.getPrototypeOf(current);
  if (!current) throw new Error(`no ${method} on the prototype chain`);
  return current as Record<string, unknown>;
}

for (const [prototype, method] of [
  [pg.Client.prototype, 'query'],
  [PGlite.prototype, 'query'],
] as const) {
  const owner = ownerOf(prototype, method);
  const original = owner[method] as (...args: unknown[]) => unknown;
  owner[method] = function (this: unknown, ...args: unknown[]) {
    if (recording) {
      const first = args[0];
      const text = typeof first === 'string' ? first : (first as { text?: string })?.text;
      if (text) recording.push(text);
    }
    return original.apply(this, args);
  };
}

process.on('SIGUSR2', () => {
  if (!recording) {
    recording = [];
    return;
  }
  writeFileSync(path.join(tmpdir(), `opsloop-bench-sql-${process.pid}.json`), JSON.stringify(recording));
  recording = undefined;
});
