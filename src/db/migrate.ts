// Applies pending migrations (prisma/migrations/*/migration.sql) and records them in
// `_prisma_migrations`, exactly as `prisma migrate deploy` would; and writes new ones from a
// change to schema.prisma (`npm run db:diff`). Both run offline through the wasm schema engine.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { createPGlite, openAdapter, type DatabaseTarget, type OpenAdapter } from './adapter.js';
import { withPostgresLock } from './advisory-lock.js';
import { createSchemaEngine, migrationsDir, NO_FILTERS, PRISMA_DIR, readMigrationsList, schemaPath } from './schema-engine.js';

export async function applyMigrations(factory: SqlMigrationAwareDriverAdapterFactory, prismaDir = PRISMA_DIR): Promise<string[]> {
  const engine = await createSchemaEngine(factory, prismaDir);
  try {
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList: readMigrationsList(prismaDir),
      filters: NO_FILTERS,
    });
    return appliedMigrationNames;
  } finally {
    engine.free();
  }
}

/**
 * Whether `_prisma_migrations` records every local migration as applied: then start-up skips the
 * schema engine (loading its WebAssembly takes longer than the rest of start-up). A plain query.
 */
export async function allMigrationsApplied(adapter: OpenAdapter, prismaDir = PRISMA_DIR): Promise<boolean> {
  const local = readMigrationsList(prismaDir).migrationDirectories.map((directory) => directory.path);
  let rows: Array<{ migration_name: string }>;
  try {
    rows = await adapter.query<{ migration_name: string }>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
  } catch (error) {
    if ((error as { code?: string }).code === '42P01') return false; // no table yet: a new database
    throw error;
  }
  const applied = new Set(rows.map((row) => row.migration_name));
  return local.every((name) => applied.has(name));
}

/**
 * Applies migrations through an open adapter; on PostgreSQL one process at a time per database.
 * Prisma's schema engine takes a database-wide advisory lock of its own and gives up after 10 s;
 * waiting on ours first (database-wide, no timeout) means its lock is never contended by us, however
 * many servers or schemas migrate at once.
 */
export async function migrateWith(adapter: OpenAdapter, target: DatabaseTarget, prismaDir = PRISMA_DIR): Promise<string[]> {
  if (await allMigrationsApplied(adapter, prismaDir)) return [];
  if (adapter.kind === 'postgres') {
    // The engine keeps its session lock on the pooled connection it used: a pool of its own, closed
    // after migrating, releases it (on the app's pool it would block every other migration).
    return withPostgresLock(target.databaseUrl!, 'opsloop:migrate', async () => {
      const own = await openAdapter(target);
      try {
        return await applyMigrations(own.factory, prismaDir);
      } finally {
        await own.close();
      }
    }, undefined, 'database');
  }
  return applyMigrations(adapter.factory, prismaDir);
}

/** Applies migrations to the configured database (scripts and tests; the server migrates as it connects). */
export async function migrateDatabase(target: DatabaseTarget, prismaDir = PRISMA_DIR): Promise<string[]> {
  const adapter = await openAdapter(target);
  try {
    return await migrateWith(adapter, target, prismaDir);
  } finally {
    await adapter.close();
  }
}

/**
 * Writes `<prismaDir>/migrations/<timestamp>_<name>/migration.sql` with the SQL that takes the
 * existing migrations to schema.prisma. Returns the folder, or null when there is nothing to do.
 * The engine needs an adapter even for a pure diff: a throwaway in-memory PGlite.
 */
export async function createMigration(name: string, prismaDir = PRISMA_DIR, now = new Date()): Promise<string | null> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error('migration name: lower-case letters, digits and _ only');
  const pglite = createPGlite();
  const engine = await createSchemaEngine(new PrismaPGlite(pglite), prismaDir);
  try {
    const baseDir = migrationsDir(prismaDir);
    mkdirSync(baseDir, { recursive: true });
    const lockPath = path.join(baseDir, 'migration_lock.toml');
    if (!existsSync(lockPath)) writeFileSync(lockPath, '# Written by npm run db:diff; do not edit.\nprovider = "postgresql"\n');
    const migrations = readMigrationsList(prismaDir);
    const { stdout } = await engine.diff({
      from: migrations.migrationDirectories.length ? { tag: 'migrations', ...migrations } : { tag: 'empty' },
      to: { tag: 'schemaDatamodel', files: [{ path: schemaPath(prismaDir), content: readFileSync(schemaPath(prismaDir), 'utf8') }] },
      script: true,
      exitCode: null,
      filters: NO_FILTERS,
    });
    const sql = (stdout ?? '').trim();
    if (!sql || /^-- This is an empty migration\.?$/.test(sql)) return null;
    const stamp = now.toISOString().replace(/\D/g, '').slice(0, 14);
    const dir = path.join(baseDir, `${stamp}_${name}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'migration.sql'), `${sql}\n`);
    return dir;
  } finally {
    engine.free();
    await pglite.close();
  }
}
