// Driver adapter selection: PGlite (embedded, persisted in DATA_DIR) or PostgreSQL (DATABASE_URL).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';

export interface DatabaseTarget {
  /** PostgreSQL connection string; when absent the embedded PGlite in `dataDir` is used. */
  databaseUrl?: string;
  /** Folder of the embedded database (PGlite keeps its files in `<dataDir>/pglite`). */
  dataDir: string;
}

export interface OpenAdapter {
  factory: SqlMigrationAwareDriverAdapterFactory;
  kind: 'pglite' | 'postgres';
  /** Postgres schema the tables live in (from `?schema=` of DATABASE_URL, default public). */
  schema: string;
  close(): Promise<void>;
}

export function openAdapter(target: DatabaseTarget): OpenAdapter {
  if (target.databaseUrl) {
    const url = new URL(target.databaseUrl);
    const schema = url.searchParams.get('schema') ?? 'public';
    url.searchParams.delete('schema');
    const pool = new pg.Pool({
      connectionString: url.toString(),
      max: 10,
      options: `-c search_path="${schema}"`,
    });
    const factory = new PrismaPg(pool, { schema });
    return { factory, kind: 'postgres', schema, close: () => pool.end() };
  }
  const dir = `${target.dataDir}/pglite`;
  mkdirSync(dir, { recursive: true });
  const releaseLock = lockDataDir(target.dataDir);
  const pglite = new PGlite(dir);
  return {
    factory: new PrismaPGlite(pglite),
    kind: 'pglite',
    schema: 'public',
    close: async () => {
      if (!pglite.closed) await pglite.close();
      releaseLock();
    },
  };
}

export class DataDirInUseError extends Error {}

/**
 * The embedded database belongs to one process at a time (a second one would write beside it and
 * lose data): a lock file with the owner's pid. A lock left by a process that died is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  const file = `${dataDir}/opsloop.lock`;
  for (let attempt = 0; ; attempt += 1) {
    try {
      // Created exclusively: of two processes starting at once, one gets it.
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
      const owner = readOwner(file);
      if (owner && owner !== process.pid && processAlive(owner)) {
        throw new DataDirInUseError(
          `the embedded database in ${dataDir} is in use by process ${owner} (is \`npm start\` running?): stop it first, or use DATABASE_URL`,
        );
      }
      rmSync(file, { force: true }); // left by a process that is gone (or by this one): take it over
    }
  }
  return () => {
    if (readOwner(file) === process.pid) rmSync(file, { force: true });
  };
}

function readOwner(file: string): number | undefined {
  try {
    return Number(readFileSync(file, 'utf8').trim()) || undefined;
  } catch {
    return undefined;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
