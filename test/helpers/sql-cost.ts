// Counts SQL statements sent by this process (PGlite or node-postgres), to prove a GraphQL read
// costs a fixed number of statements whatever the page size (no N+1).
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

function ownerOf(prototype: object, method: string): Record<string, unknown> {
  let current: object | null = prototype;
  while (current && !Object.prototype.hasOwnProperty.call(current, method)) current = Object.getPrototypeOf(current);
  if (!current) throw new Error(`no ${method} on the prototype chain`);
  return current as Record<string, unknown>;
}

/** Starts counting; `stop()` restores the drivers and returns the statements seen. */
export function countSqlStatements(): { statements: string[]; stop(): string[] } {
  const statements: string[] = [];
  const patched: Array<[Record<string, unknown>, string, unknown]> = [];
  for (const [prototype, method] of [
    [PGlite.prototype, 'query'],
    [pg.Client.prototype, 'query'],
  ] as const) {
    const owner = ownerOf(prototype, method);
    const original = owner[method] as (...args: unknown[]) => unknown;
    patched.push([owner, method, original]);
    owner[method] = function (this: unknown, ...args: unknown[]) {
      const first = args[0];
      const text = typeof first === 'string' ? first : (first as { text?: string })?.text;
      if (text) statements.push(text);
      return original.apply(this, args);
    };
  }
  return {
    statements,
    stop() {
      for (const [owner, method, original] of patched) owner[method] = original;
      return statements;
    },
  };
}

/** Not part of a read: transaction control, probes, and recording the caller (once a minute, see users.service.ts). */
const OVERHEAD = /^\s*(BEGIN|COMMIT|ROLLBACK|SET|SELECT 1)\b|"User"/i;

/** The SQL statements one read sends (overhead left out), and its data. */
export async function costOf<T>(read: () => Promise<T>): Promise<{ statements: string[]; data: T }> {
  const counter = countSqlStatements();
  let data: T;
  try {
    data = await read();
  } finally {
    counter.stop();
  }
  return { statements: counter.statements.filter((sql) => !OVERHEAD.test(sql)), data };
}
