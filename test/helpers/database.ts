// A fresh database for each test server: a temporary PGlite folder by default, or a new schema in
// the PostgreSQL database named by TEST_DATABASE_URL (dropped when the server stops).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface TestDatabase {
  /** Environment for the server: DATA_DIR and, on PostgreSQL, DATABASE_URL. */
  env: Record<string, string>;
  kind: 'pglite' | 'postgres';
  drop(): Promise<void>;
}

export const testDatabaseUrl = process.env.TEST_DATABASE_URL || undefined;
export const testRedisUrl = process.env.TEST_REDIS_URL || undefined;

export async function createTestDatabase(): Promise<TestDatabase> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'opsloop-test-'));
  const removeDir = () => rmSync(dataDir, { recursive: true, force: true });
  if (!testDatabaseUrl) {
    return { env: { DATA_DIR: dataDir }, kind: 'pglite', drop: async () => removeDir() };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  await withClient((client) => client.query(`CREATE SCHEMA "${schema}"`));
  const url = new URL(testDatabaseUrl);
  url.searchParams.set('schema', schema);
  return {
    env: { DATA_DIR: dataDir, DATABASE_URL: url.toString() },
    kind: 'postgres',
    drop: async () => {
      await withClient((client) => client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
      removeDir();
    },
  };
}

async function withClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testDatabaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
