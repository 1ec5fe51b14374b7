// npm run db:diff -- <name> — writes prisma/migrations/<timestamp>_<name>/migration.sql from the
// difference between the existing migrations and prisma/schema.prisma. Runs offline on a
// throwaway in-memory PGlite (the wasm engine needs an adapter even for a pure diff).
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import {
  createSchemaEngine,
  MIGRATIONS_DIR,
  NO_FILTERS,
  readMigrationsList,
  SCHEMA_PATH,
} from '../src/db/schema-engine.js';

const name = (process.argv[2] ?? '').trim();
if (!/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: npm run db:diff -- <name>   (lower-case letters, digits and _)');
  process.exit(2);
}

const pglite = new PGlite();
const engine = await createSchemaEngine(new PrismaPGlite(pglite));
try {
  mkdirSync(MIGRATIONS_DIR, { recursive: true });
  const lockPath = path.join(MIGRATIONS_DIR, 'migration_lock.toml');
  if (!existsSync(lockPath)) {
    writeFileSync(lockPath, '# Written by npm run db:diff; do not edit.\nprovider = "postgresql"\n');
  }
  const migrations = readMigrationsList();
  const from = migrations.migrationDirectories.length
    ? ({ tag: 'migrations', ...migrations } as const)
    : ({ tag: 'empty' } as const);
  const { stdout } = await engine.diff({
    from,
    to: { tag: 'schemaDatamodel', files: [{ path: SCHEMA_PATH, content: readFileSync(SCHEMA_PATH, 'utf8') }] },
    script: true,
    exitCode: null,
    filters: NO_FILTERS,
  });
  const sql = (stdout ?? '').trim();
  if (!sql || /^-- This is an empty migration\.?$/.test(sql)) {
    console.log('schema.prisma matches the migrations: nothing to write');
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'migration.sql'), `${sql}\n`);
    console.log(`wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
  }
} finally {
  engine.free();
  await pglite.close();
}
