// Recurrence lookup at scale: `npx tsx bench/recurrence.bench.ts` (or `npm run bench -- recurrence`).
// Loads synthetic patterns of 10,000 and then 1,000,000 historical requests into a temporary
// database (PostgreSQL by default, in a fresh schema dropped afterwards; BENCH_DB=pglite for PGlite), then for a few hundred requests compares:
//   indexed  — the service's lookup (exact key, else GIN `keywords && probe` + window, capped), and
//   baseline — an exact full scan: every pattern of the same type and institution in the window,
//              scored in memory with the same similarity.
// Prints p50/p99 latency of both and the recall of the indexed lookup against the baseline.
// No assertions: figures only. BENCH_SIZES=10000,1000000 and BENCH_QUERIES=300 override the sizes.
import { loadConfig } from '../src/config.js';
import { migrateDatabase } from '../src/db/migrate.js';
import type { RequestType } from '../src/generated/prisma/enums.js';
import { CONCEPTS } from '../src/modules/language/lexicon.js';
import { CANDIDATE_LIMIT, findRecurrenceMatch, patternKeyOf } from '../src/modules/learning/recurrence.service.js';
import { isRecurrenceMatch, type KeywordSet } from '../src/modules/learning/similarity.js';
import { openRuntime, type OpenRuntime } from '../src/runtime.js';
import { summary } from './lib/load.js';
import { createBenchDatabase, databaseKind } from './lib/opsloop.js';

let rt: OpenRuntime;

const SIZES = (process.env.BENCH_SIZES ?? '10000,1000000').split(',').map(Number).filter((n) => n > 0);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 300);
const DAY_MS = 86_400_000;
const TYPES: RequestType[] = ['INCIDENT', 'INQUIRY', 'SERVICE', 'CHANGE'];

// ── a realistic vocabulary: generic canonical words, specific concepts, and identifiers ──
const GENERIC = ['fail', 'server', 'connect', 'app', 'web', 'change', 'update', 'config', 'open', 'file', 'network', 'pc', 'login', 'account', 'password', 'mail', 'screen', 'slow', 'install', 'printer', 'prod', 'dev', 'usage', 'high', 'send', 'receive', 'reset', 'restart', 'db'];
const SPECIFIC = [
  ...CONCEPTS.map((c) => c.canonical).filter((c) => !GENERIC.includes(c)),
  ...Array.from({ length: 300 }, (_, i) => `web${String(i + 1).padStart(3, '0')}`),
  ...Array.from({ length: 200 }, (_, i) => `db${String(i + 1).padStart(3, '0')}`),
  ...Array.from({ length: 150 }, (_, i) => `ora-${String(10_000 + i * 37).padStart(5, '0')}`),
  ...Array.from({ length: 250 }, (_, i) => `svc-${i.toString(36)}-api`),
  '500', '502', '503', '504', '401', '403', '404',
  ...Array.from({ length: 400 }, (_, i) => `term${i}`),
];
const TECH = CONCEPTS.filter((c) => c.tech).map((c) => c.canonical);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}
const ms = (value: number) => `${value.toFixed(2)} ms`;

/** Inserts `count` synthetic patterns in one INSERT … SELECT generate_series (ids from `offset`). */
async function loadPatterns(offset: number, count: number): Promise<void> {
  // Keywords: one or two specific terms (skewed towards the first ones) and 1–4 generic words
  // (skewed towards the most generic); 2–4 core keywords make the signature; institutions and
  // types are skewed too (institution 1 and INCIDENT are the busiest), last seen within 60 days.
  await rt.db.$executeRawUnsafe(
    `
    INSERT INTO "Pattern" ("patternKey", "srType", "instId", "keywordSignature", "keywords", "techKeywords",
                           "occurrenceCount", "firstSeenAt", "lastSeenAt", "srIds", "occurredAt")
    SELECT r.st || ':' || r.inst || ':' || substr(encode(sha256(convert_to(r.sig, 'UTF8')), 'hex'), 1, 24),
           r.st::"RequestType", r.inst, r.sig, r.kw,
           ARRAY(SELECT x FROM unnest(r.kw) x WHERE x ~ '[0-9]' OR x = ANY($3::text[])),
           r.occ, r.seen - make_interval(days => r.occ), r.seen, ARRAY['SR-B' || r.g], ARRAY[r.seen]
    FROM (
      SELECT k.*, (SELECT string_agg(x, ' ' ORDER BY x) FROM unnest(k.kw[1:k.core]) x) AS sig
      FROM (
        SELECT g,
          (ARRAY['INCIDENT','INQUIRY','SERVICE','CHANGE'])[1 + floor(power(random(), 1.5) * 4)::int] AS st,
          1 + floor(power(random(), 3) * 200)::int AS inst,
          now() - make_interval(secs => random() * 60 * 86400) AS seen,
          1 + floor(power(random(), 4) * 10)::int AS occ,
          2 + (g % 3) AS core,
          ARRAY(
            SELECT w FROM (
              SELECT w, min(i) AS i FROM (
                SELECT i, CASE WHEN i <= 1 + (g % 2)
                  THEN ($1::text[])[1 + floor(power(random(), 2) * array_length($1::text[], 1))::int]
                  ELSE ($2::text[])[1 + floor(power(random(), 1.6) * array_length($2::text[], 1))::int] END AS w
                FROM generate_series(1, 3 + (g % 4)) i
              ) picks GROUP BY w
            ) d ORDER BY i
          ) AS kw
        FROM generate_series($4::int, $5::int) g
      ) k
    ) r
    ON CONFLICT ("patternKey") DO NOTHING`,
    SPECIFIC,
    GENERIC,
    TECH,
    offset + 1,
    offset + count,
  );
}

interface Query {
  srType: RequestType;
  instId: number;
  set: KeywordSet;
}

function mulberry(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Requests: a quarter repeat a pattern's keywords, half reword one (a word swapped or added), a quarter are new. */
async function makeQueries(count: number, random: () => number): Promise<Query[]> {
  const maxId = (await rt.db.pattern.aggregate({ _max: { id: true } }))._max.id ?? 0;
  const select = { srType: true, instId: true, keywords: true, techKeywords: true, keywordSignature: true } as const;
  const ids = (n: number) => Array.from({ length: n }, () => 1 + Math.floor(random() * maxId));
  // Half the requests come from anywhere (most scopes are small), half from the busiest scope
  // (institution 1, INCIDENT): the one where an unindexed lookup would hurt.
  const anywhere = await rt.db.pattern.findMany({ where: { id: { in: ids(count * 2) } }, select, take: Math.ceil(count / 2) });
  const busiest = await rt.db.pattern.findMany({ where: { id: { in: ids(count * 40) }, instId: 1, srType: 'INCIDENT' }, select, take: Math.floor(count / 2) });
  const samples = [...anywhere, ...busiest];
  const pick = (list: string[]) => list[Math.floor(Math.pow(random(), 1.6) * list.length)]!;
  const tech = (keywords: string[]) => keywords.filter((k) => /[0-9]/.test(k) || TECH.includes(k));
  const queries: Query[] = [];
  samples.forEach((sample, index) => {
    const kind = [0, 1, 1, 2][index % 4]!;
    let keywords = [...sample.keywords];
    let core = sample.keywordSignature.split(' ');
    if (kind === 1) {
      if (random() < 0.5 && keywords.length > 2) {
        const swapped = keywords[keywords.length - 1]!;
        const replacement = pick(GENERIC);
        keywords = [...new Set([...keywords.slice(0, -1), replacement])];
        core = core.map((k) => (k === swapped ? replacement : k));
      } else {
        keywords = [...new Set([...keywords, pick(GENERIC)])];
      }
    } else if (kind === 2) {
      keywords = [...new Set([pick(SPECIFIC), pick(GENERIC), pick(GENERIC), pick(GENERIC)])];
      core = keywords.slice(0, 3);
    }
    core = [...new Set(core)].filter((k) => keywords.includes(k));
    queries.push({
      srType: sample.srType,
      instId: sample.instId ?? 1,
      set: { keywords, techKeywords: tech(keywords), signature: [...core].sort().join(' ') },
    });
  });
  return queries;
}

async function fullScan(query: Query, windowStart: Date, threshold: number) {
  const exact = await rt.db.pattern.findUnique({ where: { patternKey: patternKeyOf(query.srType, query.instId, query.set.signature) }, select: { id: true } });
  if (exact) return { id: exact.id, similarity: 1, scanned: 1, exact: true };
  const rows = await rt.db.pattern.findMany({
    where: { srType: query.srType, instId: query.instId, lastSeenAt: { gte: windowStart } },
    select: { id: true, keywords: true, techKeywords: true, keywordSignature: true },
  });
  let best: { id: number; similarity: number; scanned: number; exact: boolean } | null = null;
  for (const row of rows) {
    const { match, similarity } = isRecurrenceMatch(query.set, { keywords: row.keywords, techKeywords: row.techKeywords, signature: row.keywordSignature }, threshold);
    if (match && (!best || similarity > best.similarity)) best = { id: row.id, similarity, scanned: rows.length, exact: false };
  }
  return best ?? { id: null, similarity: 0, scanned: rows.length, exact: false };
}

async function measure(size: number, threshold: number, windowDays: number) {
  const random = mulberry(size);
  const queries = await makeQueries(QUERIES, random);
  const windowStart = new Date(Date.now() - windowDays * DAY_MS);
  // Warm up caches and plans.
  for (const query of queries.slice(0, 10)) {
    await findRecurrenceMatch(rt, query, query.set, { patternKey: patternKeyOf(query.srType, query.instId, query.set.signature), windowStart, similarityThreshold: threshold });
    await fullScan(query, windowStart, threshold);
  }
  const indexedMs: number[] = [];
  const baselineMs: number[] = [];
  const busiestIndexedMs: number[] = [];
  const busiestBaselineMs: number[] = [];
  const searchIndexedMs: number[] = [];
  const searchBaselineMs: number[] = [];
  let baselineMatches = 0;
  let found = 0;
  let indexedMatches = 0;
  let scanned = 0;
  for (const query of queries) {
    const patternKey = patternKeyOf(query.srType, query.instId, query.set.signature);
    let started = performance.now();
    const indexed = await findRecurrenceMatch(rt, query, query.set, { patternKey, windowStart, similarityThreshold: threshold });
    indexedMs.push(performance.now() - started);
    started = performance.now();
    const baseline = await fullScan(query, windowStart, threshold);
    baselineMs.push(performance.now() - started);
    scanned += baseline.scanned;
    if (!baseline.exact) {
      searchIndexedMs.push(indexedMs.at(-1)!);
      searchBaselineMs.push(baselineMs.at(-1)!);
    }
    if (!baseline.exact && query.instId === 1 && query.srType === 'INCIDENT') {
      busiestIndexedMs.push(indexedMs.at(-1)!);
      busiestBaselineMs.push(baselineMs.at(-1)!);
    }
    if (indexed) indexedMatches++;
    if (baseline.id !== null) {
      baselineMatches++;
      // Same best similarity (ties between equally similar patterns count as found).
      if (indexed && Math.abs(indexed.similarity - baseline.similarity) < 1e-9) found++;
    }
  }
  const total = await rt.db.pattern.count();
  console.log(
    [
      `patterns: ${total.toLocaleString('en')} (of ${size.toLocaleString('en')} requests generated), ${queries.length} lookups, window ${windowDays} d, similarity ≥ ${threshold}, candidate cap ${CANDIDATE_LIMIT}`,
      `  all lookups: indexed p50 ${ms(percentile(indexedMs, 50))}  p99 ${ms(percentile(indexedMs, 99))}  (matches: ${indexedMatches})`,
      `               full scan p50 ${ms(percentile(baselineMs, 50))}  p99 ${ms(percentile(baselineMs, 99))}  (matches: ${baselineMatches}, rows scored per lookup: ${Math.round(scanned / queries.length).toLocaleString('en')})`,
      `  without an exact signature (${searchIndexedMs.length} lookups): indexed p50 ${ms(percentile(searchIndexedMs, 50))} p99 ${ms(percentile(searchIndexedMs, 99))}; full scan p50 ${ms(percentile(searchBaselineMs, 50))} p99 ${ms(percentile(searchBaselineMs, 99))}`,
      `    of which in the busiest scope (${busiestIndexedMs.length}): indexed p50 ${ms(percentile(busiestIndexedMs, 50))} p99 ${ms(percentile(busiestIndexedMs, 99))}; full scan p50 ${ms(percentile(busiestBaselineMs, 50))} p99 ${ms(percentile(busiestBaselineMs, 99))}`,
      `  recall of the indexed lookup vs the full scan: ${baselineMatches === 0 ? 'n/a' : (found / baselineMatches).toFixed(3)} (${found}/${baselineMatches})`,
    ].join('\n'),
  );
  summary({
    work: `detectRecurrence lookup, ${total.toLocaleString('en')} patterns [${databaseKind}]`,
    opsloop: `p50 ${ms(percentile(indexedMs, 50))}, p99 ${ms(percentile(indexedMs, 99))}, recall ${baselineMatches === 0 ? 'n/a' : (found / baselineMatches).toFixed(3)}`,
    baseline: `full scan p99 ${ms(percentile(baselineMs, 99))}`,
    target: 'p99 ≤ 20 ms, recall 1.0',
  });
}

async function withIndexesDropped(work: () => Promise<void>): Promise<void> {
  // Bulk loading is much faster without the GIN indexes; they are rebuilt once afterwards.
  await rt.db.$executeRawUnsafe('DROP INDEX IF EXISTS "Pattern_keywords_idx"');
  await rt.db.$executeRawUnsafe('DROP INDEX IF EXISTS "Pattern_srIds_idx"');
  await work();
  await rt.db.$executeRawUnsafe('CREATE INDEX "Pattern_keywords_idx" ON "Pattern" USING GIN ("keywords")');
  await rt.db.$executeRawUnsafe('CREATE INDEX "Pattern_srIds_idx" ON "Pattern" USING GIN ("srIds")');
  await rt.db.$executeRawUnsafe('ANALYZE "Pattern"');
}

async function main(): Promise<void> {
  // PostgreSQL in a fresh schema by default (BENCH_DATABASE_URL), dropped after; BENCH_DB=pglite for PGlite.
  const database = await createBenchDatabase();
  const databaseUrl = database.url;
  const dataDir = database.dataDir;
  const config = loadConfig({ ...process.env, DATA_DIR: dataDir, DATABASE_URL: databaseUrl ?? '', LOG_LEVEL: 'warn' });
  console.log(`database: ${databaseUrl ? `PostgreSQL (schema ${database.schema})` : `PGlite (temporary, ${dataDir})`}`);
  await migrateDatabase({ databaseUrl, dataDir });
  rt = await openRuntime(config);
  try {
    let loaded = 0;
    for (const size of SIZES) {
      const started = performance.now();
      const chunk = 100_000;
      await withIndexesDropped(async () => {
        while (loaded < size) {
          const count = Math.min(chunk, size - loaded);
          await loadPatterns(loaded, count);
          loaded += count;
        }
      });
      console.log(`\nloaded ${size.toLocaleString('en')} requests' patterns in ${((performance.now() - started) / 1000).toFixed(1)} s (indexes rebuilt)`);
      await measure(size, config.learning.similarityThreshold, config.learning.recurrenceWindowDays);
    }
  } finally {
    await rt.close();
    await database.drop();
  }
}

await main();
