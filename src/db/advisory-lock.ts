// PostgreSQL session advisory locks on a dedicated connection: used for migrations and for
// leader election of scheduled jobs. A replica that dies drops its connection, and with it the lock.
import pg from 'pg';
import { logger as defaultLogger, type Logger } from '../logger.js';

/**
 * A dedicated connection for a lock. If it drops (database restart, failover) the lock is gone:
 * log it rather than let pg's 'error' event crash the process; the work in progress finishes and
 * the next run takes the lock again.
 */
async function lockConnection(url: string, key: string, logger: Logger): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', (error) => logger.error({ err: error, lock: key }, 'advisory lock connection lost; the lock is released'));
  await client.connect();
  return client;
}

function connectionString(databaseUrl: string): { url: string; schema: string } {
  const url = new URL(databaseUrl);
  const schema = url.searchParams.get('schema') ?? 'public';
  url.searchParams.delete('schema');
  return { url: url.toString(), schema };
}

/**
 * Runs `work` while holding the lock `name` (waits for it, without a timeout). The lock is the
 * schema's unless `scope` is 'database' (one holder across every schema of the database).
 */
export async function withPostgresLock<T>(
  databaseUrl: string,
  name: string,
  work: () => Promise<T>,
  logger: Logger = defaultLogger,
  scope: 'schema' | 'database' = 'schema',
): Promise<T> {
  const { url, schema } = connectionString(databaseUrl);
  const key = scope === 'database' ? name : `${schema}:${name}`;
  const client = await lockConnection(url, key, logger);
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [key]);
    return await work();
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', [key]).catch(() => {});
    await client.end().catch(() => {});
  }
}

/** Runs `work` only if the lock `name` is free right now; returns undefined when another holds it. */
export async function tryWithPostgresLock<T>(
  databaseUrl: string,
  name: string,
  work: () => Promise<T>,
  logger: Logger = defaultLogger,
): Promise<{ ran: true; value: T } | { ran: false }> {
  const { url, schema } = connectionString(databaseUrl);
  const key = `${schema}:${name}`;
  const client = await lockConnection(url, key, logger);
  try {
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [key]);
    if (!rows[0]?.locked) return { ran: false };
    try {
      return { ran: true, value: await work() };
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [key]).catch(() => {});
    }
  } finally {
    await client.end().catch(() => {});
  }
}
