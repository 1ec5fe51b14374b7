// Prisma's schema engine as WebAssembly: creates and applies migrations offline, through the same
// driver adapters the app uses. See shared/PRISMA-OFFLINE.md for why this exists.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { MigrationList, SchemaEngine as SchemaEngineType } from '@prisma/schema-engine-wasm';

/** The project's prisma/ folder (tests pass a copy): the nearest one above this file, which is
 * src/db/ when run from source and dist/ (bundled) when run from the build. */
export const PRISMA_DIR = findPrismaDir(import.meta.dirname);

function findPrismaDir(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'prisma');
    if (existsSync(path.join(candidate, 'schema.prisma'))) return candidate;
    if (path.dirname(dir) === dir) return path.resolve(from, '../../prisma');
  }
}
const LOCKFILE = 'migration_lock.toml';

export const schemaPath = (prismaDir = PRISMA_DIR) => path.join(prismaDir, 'schema.prisma');
export const migrationsDir = (prismaDir = PRISMA_DIR) => path.join(prismaDir, 'migrations');

let engineModule: Promise<typeof import('@prisma/schema-engine-wasm')> | undefined;

/** Loads the wasm module by hand: its ESM entry imports the .wasm file, which Node refuses. */
function loadEngineModule() {
  engineModule ??= (async () => {
    const require = createRequire(import.meta.url);
    const bgPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const bg = await import(pathToFileURL(bgPath).href);
    const bytes = readFileSync(path.join(path.dirname(bgPath), 'schema_engine_bg.wasm'));
    const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': bg });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
    return bg as typeof import('@prisma/schema-engine-wasm');
  })();
  return engineModule;
}

export async function createSchemaEngine(
  factory: SqlMigrationAwareDriverAdapterFactory,
  prismaDir = PRISMA_DIR,
  log: (message: string) => void = () => {},
): Promise<SchemaEngineType> {
  const { SchemaEngine } = await loadEngineModule();
  const file = schemaPath(prismaDir);
  return SchemaEngine.new(
    { datamodels: [[file, readFileSync(file, 'utf8')]] },
    log,
    bindMigrationAwareSqlAdapterFactory(factory),
  );
}

export function readMigrationsList(prismaDir = PRISMA_DIR): MigrationList {
  const baseDir = migrationsDir(prismaDir);
  const dirs = existsSync(baseDir)
    ? readdirSync(baseDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    : [];
  const lockPath = path.join(baseDir, LOCKFILE);
  return {
    baseDir,
    lockfile: { path: LOCKFILE, content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: dirs.map((dir) => {
      const file = path.join(baseDir, dir, 'migration.sql');
      return {
        path: dir,
        migrationFile: {
          path: 'migration.sql',
          content: existsSync(file)
            ? { tag: 'ok', value: readFileSync(file, 'utf8') }
            : { tag: 'error', value: `missing ${file}` },
        },
      };
    }),
  };
}

export const NO_FILTERS = { externalTables: [], externalEnums: [] };
