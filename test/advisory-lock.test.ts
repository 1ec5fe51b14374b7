// Leader election on PostgreSQL: one holder at a time, and a lock connection that drops (database
// restart, failover) is survived, not a crash of the replica.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tryWithPostgresLock } from '../src/db/advisory-lock.js';
import { createTestDatabase, testDatabaseUrl, type TestDatabase } from './helpers/database.js';

describe.skipIf(!testDatabaseUrl)('PostgreSQL advisory locks', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database?.drop());

  it('lets one holder run at a time', async () => {
    const url = database.env.DATABASE_URL!;
    let release!: () => void;
    const holder = tryWithPostgresLock(url, 'test:one', () => new Promise<void>((resolve) => (release = resolve)));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await tryWithPostgresLock(url, 'test:one', async () => 'second')).toEqual({ ran: false });
    release();
    expect(await holder).toEqual({ ran: true, value: undefined });
    expect(await tryWithPostgresLock(url, 'test:one', async () => 'third')).toEqual({ ran: true, value: 'third' });
  });

  it('survives the lock connection being killed under it', async () => {
    const url = database.env.DATABASE_URL!;
    let release!: () => void;
    const holder = tryWithPostgresLock(url, 'test:killed', () => new Promise<string>((resolve) => (release = () => resolve('finished'))));
    const admin = new pg.Client({ connectionString: testDatabaseUrl });
    await admin.connect();
    try {
      let killed = 0;
      for (let attempt = 0; attempt < 50 && killed === 0; attempt += 1) {
        const { rows } = await admin.query<{ terminated: boolean }>(
          `SELECT pg_terminate_backend(pid) AS terminated FROM pg_locks WHERE locktype = 'advisory' AND pid <> pg_backend_pid() AND granted
             AND objid = (hashtext($1)::bigint & 4294967295)::oid`,
          [`${new URL(url).searchParams.get('schema')}:test:killed`],
        );
        killed = rows.filter((row) => row.terminated).length;
        if (killed === 0) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(killed).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 200));
      release();
      expect(await holder).toEqual({ ran: true, value: 'finished' });
      // The lock is free again for the next run.
      expect(await tryWithPostgresLock(url, 'test:killed', async () => 'next')).toEqual({ ran: true, value: 'next' });
    } finally {
      await admin.end();
    }
  });
});
