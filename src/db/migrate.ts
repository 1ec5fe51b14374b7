// Applies pending migrations (prisma/migrations/*/migration.sql) and records them in
// `_prisma_migrations`, exactly as `prisma migrate deploy` would; and writes new ones from a
// change to schema.prisma (`npm run db:diff`). Both run offline through the wasm schema engine.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { openAdapter, type DatabaseTarget, type OpenAdapter } from './adapter.js';
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

/** Applies migrations through an open adapter; on PostgreSQL one replica at a time. */
export async function migrateWith(adapter: OpenAdapter, target: DatabaseTarget, prismaDir = PRISMA_DIR): Promise<string[]> {
  if (adapter.kind === 'postgres') {
    return withPostgresLock(target.databaseUrl!, 'opsloop:migrate', () => applyMigrations(adapter.factory, prismaDir));
  }
  return applyMigrations(adapter.factory, prismaDir);
}

/** Applies migrations to the configured database (scripts and tests; the server migrates as it connects). */
export async function migrateDatabase(target: DatabaseTarget, prismaDir = PRISMA_DIR): Promise<string[]> {
  const adapter = openAdapter(target);
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
  const pglite = new PGlite();
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
