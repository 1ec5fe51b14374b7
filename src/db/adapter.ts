// Driver adapter selection: PGlite (embedded, persisted in DATA_DIR) or PostgreSQL (DATABASE_URL).
import { mkdirSync } from 'node:fs';
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
  const pglite = new PGlite(dir);
  return {
    factory: new PrismaPGlite(pglite),
    kind: 'pglite',
    schema: 'public',
    close: async () => {
      if (!pglite.closed) await pglite.close();
    },
  };
}
