// Offline migrations through the wasm schema engine: applying is idempotent, and a change to
// schema.prisma becomes a new migration that applies on PGlite and on PostgreSQL.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, appendFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openAdapter } from '../src/db/adapter.js';
import { createMigration, migrateDatabase } from '../src/db/migrate.js';
import { PRISMA_DIR } from '../src/db/schema-engine.js';
import { createTestDatabase, testDatabaseUrl, type TestDatabase } from './helpers/database.js';

const run = promisify(execFile);
const committedMigrations = readdirSync(path.join(PRISMA_DIR, 'migrations'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** A fresh database of this run's mode, or explicitly an embedded PGlite one. */
async function freshDatabase(kind?: 'pglite'): Promise<TestDatabase> {
  const database = await createTestDatabase();
  cleanups.push(() => database.drop());
  if (kind === 'pglite' && database.kind !== 'pglite') {
    return { ...database, kind: 'pglite', env: { DATA_DIR: database.env.DATA_DIR! } };
  }
  return database;
}

function targetOf(database: TestDatabase) {
  return { dataDir: database.env.DATA_DIR!, databaseUrl: database.env.DATABASE_URL };
}

async function tableExists(database: TestDatabase, table: string): Promise<boolean> {
  const adapter = await openAdapter(targetOf(database));
  try {
    const connection = await adapter.factory.connect();
    const result = await connection.queryRaw({
      sql: `SELECT to_regclass($1) IS NOT NULL AS present`,
      args: [`"${table}"`],
      argTypes: [{ scalarType: 'string', arity: 'scalar' }],
    });
    await connection.dispose();
    return result.rows[0]?.[0] === true;
  } finally {
    await adapter.close();
  }
}

describe('npm run db:migrate', () => {
  it('applies every migration once; a second run applies nothing', async () => {
    const database = await freshDatabase();
    const env = { ...process.env, ...database.env, LOG_LEVEL: 'silent' };
    const first = await run(process.execPath, ['--import', 'tsx', 'scripts/db-migrate.ts'], { env });
    expect(first.stdout).toContain(`applied: ${committedMigrations.join(', ')}`);
    const second = await run(process.execPath, ['--import', 'tsx', 'scripts/db-migrate.ts'], { env });
    expect(second.stdout.trim()).toBe('database is up to date: nothing to apply');
  }, 180_000);
});

describe.each([
  ['PGlite', false],
  ['PostgreSQL', true],
] as const)('a schema change on %s', (_name, needsPostgres) => {
  it.skipIf(needsPostgres && !testDatabaseUrl)('becomes a new migration that applies', async () => {
    const prismaDir = mkdtempSync(path.join(tmpdir(), 'opsloop-prisma-'));
    cleanups.push(() => rmSync(prismaDir, { recursive: true, force: true }));
    cpSync(PRISMA_DIR, prismaDir, { recursive: true });
    const database = await freshDatabase(needsPostgres ? undefined : 'pglite');
    expect(await migrateDatabase(targetOf(database), prismaDir)).toEqual(committedMigrations);

    expect(await createMigration('nothing_changed', prismaDir)).toBeNull();
    appendFileSync(
      path.join(prismaDir, 'schema.prisma'),
      '\nmodel MigrationProbe {\n  id   Int    @id @default(autoincrement())\n  note String @default("")\n}\n',
    );
    const dir = await createMigration('add_probe', prismaDir, new Date('2999-01-01T00:00:00Z'));
    expect(dir).not.toBeNull();
    const sql = readFileSync(path.join(dir!, 'migration.sql'), 'utf8');
    expect(sql).toContain('CREATE TABLE "MigrationProbe"');
    expect(sql).not.toContain('CREATE TABLE "AutoAction"');

    expect(await tableExists(database, 'MigrationProbe')).toBe(false);
    expect(await migrateDatabase(targetOf(database), prismaDir)).toEqual([path.basename(dir!)]);
    expect(await tableExists(database, 'MigrationProbe')).toBe(true);
    expect(await migrateDatabase(targetOf(database), prismaDir)).toEqual([]);
  }, 180_000);
});
