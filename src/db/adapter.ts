// Driver adapter selection: PGlite (embedded, persisted in DATA_DIR) or PostgreSQL (DATABASE_URL).
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { logger } from '../logger.js';

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
  /** Rows of one plain SQL statement, outside Prisma (the migrations check at start). */
  query<Row>(sql: string): Promise<Row[]>;
  close(): Promise<void>;
}

/**
 * PGlite's default shared_buffers (128 MB) lives in the process's WebAssembly memory and is most
 * of its resident size; an embedded database is small and the OS caches its files anyway.
 * Durability settings stay PGlite's defaults.
 */
const PGLITE_START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'];

/** A fresh, migrated embedded database made by the build (scripts/build.mjs), next to the compiled code. */
export const PGLITE_TEMPLATE = 'pglite-template';

/**
 * Creating an embedded database runs initdb in WebAssembly: seconds, and a second wasm instance in
 * memory. The build does it once (with that build's migrations) and a new DATA_DIR starts as a
 * copy, when the template was made by the PGlite installed now. From source (tsx): initdb.
 * The copy runs on a worker thread (cpSync there: fs.promises.cp was twice as slow), so a start
 * loads its code meanwhile.
 */
async function copyTemplateInto(dir: string): Promise<void> {
  const copy = templateCopy(dir);
  if (!copy) return;
  const worker = new Worker(
    "const { cpSync, constants } = require('node:fs'); const { workerData: d } = require('node:worker_threads'); cpSync(d.from, d.to, { recursive: true, mode: constants.COPYFILE_FICLONE });",
    { eval: true, workerData: { from: copy.template, to: copy.partial } },
  );
  await new Promise<void>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`copying the database template failed (worker exit ${code})`))));
  });
  copy.install();
}

/** Where a template copy goes (aside, then renamed: never half a database); undefined when there is nothing to copy. */
function templateCopy(dir: string): { template: string; partial: string; install(): void } | undefined {
  if (readdirSync(dir).length > 0) return undefined; // a database already (or PGlite's to judge)
  const template = findTemplate();
  if (!template) return undefined;
  const partial = `${dir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  return {
    template,
    partial,
    install() {
      rmSync(dir, { recursive: true, force: true });
      renameSync(partial, dir);
    },
  };
}

/** An embedded data folder made ready ahead of openAdapter: locked to this process, the template copied in. */
export interface PreparedDataDir {
  dataDir: string;
  releaseLock(): void;
}

/**
 * Takes the embedded database's lock and copies the template into a new DATA_DIR. The server's
 * start calls it early (src/main.ts) and hands the result to openAdapter, which otherwise calls it
 * itself. A folder that already holds a database is only locked.
 */
export async function prepareDataDir(dataDir: string): Promise<PreparedDataDir> {
  const dir = `${dataDir}/pglite`;
  mkdirSync(dir, { recursive: true });
  const releaseLock = lockDataDir(dataDir);
  try {
    await copyTemplateInto(dir);
  } catch (error) {
    releaseLock();
    throw error;
  }
  return { dataDir, releaseLock };
}

function findTemplate(): string | undefined {
  for (let at = import.meta.dirname; ; at = path.dirname(at)) {
    const dir = path.join(at, PGLITE_TEMPLATE);
    if (existsSync(path.join(dir, 'PG_VERSION'))) {
      const { pglite } = JSON.parse(readFileSync(`${dir}.json`, 'utf8')) as { pglite?: string };
      return pglite === pgliteVersion() ? dir : undefined;
    }
    if (path.basename(at) === 'dist' || path.dirname(at) === at) return undefined;
  }
}

export function pgliteVersion(): string {
  const require = createRequire(import.meta.url);
  const entry = require.resolve('@electric-sql/pglite');
  for (let dir = path.dirname(entry); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      const { name, version } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version: string };
      if (name === '@electric-sql/pglite') return version;
    }
    if (path.dirname(dir) === dir) return 'unknown';
  }
}

/** An embedded PGlite with opsloop's settings (also used by the build to make the template). */
export function createPGlite(dir?: string): PGlite {
  return dir ? new PGlite(dir, { startParams: PGLITE_START_PARAMS }) : new PGlite({ startParams: PGLITE_START_PARAMS });
}

export async function openAdapter(target: DatabaseTarget, prepared?: PreparedDataDir): Promise<OpenAdapter> {
  if (target.databaseUrl) {
    const url = new URL(target.databaseUrl);
    const schema = url.searchParams.get('schema') ?? 'public';
    url.searchParams.delete('schema');
    const pool = new pg.Pool({
      connectionString: url.toString(),
      max: 10,
      options: `-c search_path="${schema}"`,
    });
    // An idle connection the server drops (restart, failover) is an 'error' event on the pool:
    // without a listener it would crash the process. pg replaces the connection on next use.
    pool.on('error', (error) => logger.warn({ reason: error.message }, 'PostgreSQL connection lost; it is replaced on next use'));
    const factory = new PrismaPg(pool, { schema });
    return {
      factory,
      kind: 'postgres',
      schema,
      query: async <Row>(sql: string) => (await pool.query(sql)).rows as Row[],
      close: () => pool.end(),
    };
  }
  const { releaseLock } = prepared?.dataDir === target.dataDir ? prepared : await prepareDataDir(target.dataDir);
  let pglite: PGlite;
  try {
    pglite = createPGlite(`${target.dataDir}/pglite`);
  } catch (error) {
    releaseLock();
    throw error;
  }
  return {
    factory: new PrismaPGlite(pglite),
    kind: 'pglite',
    schema: 'public',
    query: async <Row>(sql: string) => (await pglite.query<Row>(sql)).rows,
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
