// Applies pending migrations (prisma/migrations/*/migration.sql) and records them in
// `_prisma_migrations`, exactly as `prisma migrate deploy` would.
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { openAdapter, type DatabaseTarget } from './adapter.js';
import { withPostgresLock } from './advisory-lock.js';
import { createSchemaEngine, NO_FILTERS, readMigrationsList } from './schema-engine.js';

export async function applyMigrations(
  factory: SqlMigrationAwareDriverAdapterFactory,
): Promise<string[]> {
  const engine = await createSchemaEngine(factory);
  try {
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList: readMigrationsList(),
      filters: NO_FILTERS,
    });
    return appliedMigrationNames;
  } finally {
    engine.free();
  }
}

/** Applies migrations to the configured database; on PostgreSQL one replica at a time. */
export async function migrateDatabase(target: DatabaseTarget): Promise<string[]> {
  const adapter = openAdapter(target);
  try {
    if (adapter.kind === 'postgres') {
      return await withPostgresLock(target.databaseUrl!, 'opsloop:migrate', () => applyMigrations(adapter.factory));
    }
    return await applyMigrations(adapter.factory);
  } finally {
    await adapter.close();
  }
}
