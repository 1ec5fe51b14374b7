// Auto-cycle cost against history: `npx tsx bench/cycle.bench.ts` (or `npm run bench -- cycle`).
// For each history size (10,000 then 100,000 requests by default) a fresh database (PostgreSQL in
// a fresh schema, dropped after, as the other benches: BENCH_DATABASE_URL; BENCH_DB=pglite for PGlite)
// gets that many historical requests — resolved or closed, drafted, answered, escalated, with
// their AUTO_DONE records and old anomalies with incidents, as a system in steady state has them —
// plus the same new work each time: 1,000 new requests (incidents, service requests, inquiries
// that match the KB and ones that do not, some close to their SLA deadline), resolved requests not
// yet drafted, and severe anomalies. Then one cycle runs and is timed, step by step.
// If each step reads only its new work, the two times are close (ratio near 1) although the
// history is ten times larger. Figures only, no assertions.
// BENCH_CYCLE_SIZES=10000,100000 and BENCH_CYCLE_NEW=1000 override the sizes; BENCH_CYCLE_ANALYZE=0
// skips ANALYZE after loading.
import { Prisma } from '../src/generated/prisma/client.js';
import { loadConfig } from '../src/config.js';
import { publicId } from '../src/db/ids.js';
import { migrateDatabase } from '../src/db/migrate.js';
import type { Category, Priority, RequestType } from '../src/generated/prisma/enums.js';
import type { StepRecord } from '../src/modules/cycle/cycle-runs.service.js';
import { runAutoCycleNow } from '../src/modules/cycle/cycle.service.js';
import { articleKeywords } from '../src/modules/itsm/kb-match.js';
import { createLogger } from '../src/logger.js';
import { openRuntime, type OpenRuntime } from '../src/runtime.js';
import { summary } from './lib/load.js';
import { createBenchDatabase, databaseKind } from './lib/opsloop.js';

let rt: OpenRuntime;

const SIZES = (process.env.BENCH_CYCLE_SIZES ?? '10000,100000').split(',').map(Number).filter((n) => n > 0);
const NEW_WORK = Number(process.env.BENCH_CYCLE_NEW ?? 1000);
const CHUNK = 5000;
const HOUR = 3_600_000;

const TEAMS: Array<{ name: string; categories: Category[]; engineers: string[] }> = [
  { name: '네트워크팀', categories: ['NETWORK'], engineers: ['kim.net', 'lee.net', 'han.net'] },
  { name: 'DB팀', categories: ['DATABASE'], engineers: ['park.db', 'seo.db'] },
  { name: '서버팀', categories: ['SERVER'], engineers: ['choi.srv', 'jung.srv'] },
  { name: '보안팀', categories: ['SECURITY'], engineers: ['kang.sec'] },
  { name: '애플리케이션팀', categories: ['APPLICATION'], engineers: ['yoon.app', 'jang.app'] },
  { name: '서비스데스크', categories: ['ACCOUNT', 'HARDWARE', 'OTHER'], engineers: ['lim.desk', 'oh.desk', 'shin.desk'] },
];

const ARTICLES = [
  ['비밀번호 초기화 방법 / How to reset your password', '그룹웨어 비밀번호를 잊어버렸다면 셀프서비스 포털에서 초기화하세요. If you forgot your password, reset it on the self-service portal.'],
  ['VPN 접속 방법 (재택근무) / Connecting to the VPN', '재택근무 시 VPN 클라이언트를 설치하고 사내 계정으로 접속하세요. Install the VPN client and connect with your company account when working from home.'],
  ['프린터 드라이버 설치 / Installing a printer driver', '소프트웨어 센터에서 층별 프린터 드라이버를 설치하세요. Install your floor printer driver from the software center.'],
  ['Outlook 메일 용량 정리 / Cleaning up an Outlook mailbox', '메일함 용량이 가득 차면 보관 폴더로 옮기세요. When the Outlook mailbox is full, archive old mail.'],
  ['와이파이 연결 방법 / Joining the office Wi-Fi', '사내 와이파이는 사번으로 로그인합니다. Log in to the office Wi-Fi with your employee number.'],
] as const;

// New and historical texts: [type, title, description, category].
const TEXTS: Array<[RequestType, string, string, Category]> = [
  ['INCIDENT', 'VPN 접속이 안됩니다', '재택근무 중 VPN 클라이언트가 연결되지 않습니다.', 'NETWORK'],
  ['INCIDENT', 'VPN connection fails', 'Working from home, the VPN client cannot connect.', 'NETWORK'],
  ['INCIDENT', '오라클 DB 테이블스페이스 부족', '운영 DB USERS 테이블스페이스 사용률 95%', 'DATABASE'],
  ['INCIDENT', 'web-01 server disk almost full', '/var is at 92% capacity', 'SERVER'],
  ['INCIDENT', '피싱 메일을 받았습니다', '의심스러운 링크가 포함된 메일이 왔어요', 'SECURITY'],
  ['SERVICE', '엑셀 라이선스 요청', '엑셀 라이선스가 필요합니다', 'APPLICATION'],
  ['SERVICE', 'New laptop for a new hire', 'Please prepare a laptop for Monday.', 'HARDWARE'],
  ['CHANGE', '방화벽 포트 오픈 요청', '10.1.2.3 서버의 443 포트를 열어주세요', 'SECURITY'],
  ['INQUIRY', '비밀번호 초기화는 어떻게 하나요?', '그룹웨어 비밀번호를 잊어버렸습니다.', 'ACCOUNT'],
  ['INQUIRY', 'How do I connect to the VPN?', 'I work from home from next week.', 'NETWORK'],
  ['INQUIRY', '법인카드 한도 문의', '법인카드 사용 한도를 알고 싶습니다.', 'OTHER'],
  ['INQUIRY', 'Where is the parking office?', 'I need a parking permit.', 'OTHER'],
];

const pick = <T>(items: readonly T[], i: number): T => items[i % items.length]!;
const PRIORITIES: Priority[] = ['P1', 'P2', 'P3', 'P4'];

interface Target {
  config: ReturnType<typeof loadConfig>;
  cleanup(): Promise<void>;
}

/** A fresh database: a new schema on PostgreSQL (the default), a temporary PGlite with BENCH_DB=pglite. */
async function freshDatabase(): Promise<Target> {
  const database = await createBenchDatabase();
  return {
    config: loadConfig({ DATA_DIR: database.dataDir, DATABASE_URL: database.url ?? '', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', JOBS_ENABLED: 'false' }),
    cleanup: () => database.drop(),
  };
}

async function inChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

async function seedStaffAndKb(): Promise<void> {
  const engineers = TEAMS.flatMap((team) => team.engineers);
  await rt.db.user.createMany({ data: engineers.map((username) => ({ username, role: 'ENGINEER' as const })) });
  for (const team of TEAMS) {
    const created = await rt.db.team.create({ data: { name: team.name, categories: team.categories } });
    await rt.db.teamMember.createMany({ data: team.engineers.map((username) => ({ teamId: created.id, username })) });
  }
  await rt.db.kbArticle.createMany({
    data: ARTICLES.map(([title, body]) => ({ id: publicId('KB'), title, body, tags: [], keywords: articleKeywords(title, body), status: 'PUBLISHED' as const, publishedAt: new Date() })),
  });
}

/**
 * Done work of the past `size` requests: nothing in it is new work for any step. Generated in the
 * database (INSERT … SELECT over generate_series): sending 100,000s of rows through the client took
 * minutes. Request i: text i mod 12, priority i mod 4, created 2 + (i mod 365) days and (i mod 1000)
 * seconds ago, a third CLOSED, every tenth escalated; one AUTO_DONE assignment each; size/10 old
 * anomalies, the HIGH and CRITICAL ones with their incident.
 */
async function seedHistory(size: number): Promise<void> {
  const engineers = TEAMS.flatMap((team) => team.engineers);
  const [types, titles, descriptions, categories] = [0, 1, 2, 3].map((column) => TEXTS.map((text) => text[column]!));
  const now = Prisma.sql`(now() AT TIME ZONE 'UTC')`;
  const created = Prisma.sql`(${now} - interval '2 days' - (i % 365) * interval '1 day' - (i % 1000) * interval '1 second')`;
  await rt.db.$executeRaw`
    INSERT INTO "ServiceRequest" ("id", "title", "description", "type", "priority", "status", "category", "instId", "requester", "assignee",
      "slaDueAt", "escalatedAt", "resolution", "resolvedAt", "classifiedAt", "assignedAt", "answerCheckedAt", "kbDraftedAt", "createdAt", "updatedAt")
    SELECT 'SR-H' || lpad(i::text, 7, '0'), (${titles}::text[])[1 + i % 12] || ' #' || i, (${descriptions}::text[])[1 + i % 12],
      CAST((${types}::text[])[1 + i % 12] AS "RequestType"), CAST('P' || (1 + i % 4) AS "Priority"),
      CAST(CASE WHEN i % 3 = 0 THEN 'CLOSED' ELSE 'RESOLVED' END AS "RequestStatus"), CAST((${categories}::text[])[1 + i % 12] AS "Category"),
      1 + i % 12, 'user' || (i % 500), (${engineers}::text[])[1 + i % ${engineers.length}],
      c + interval '24 hours', CASE WHEN i % 10 = 0 THEN c + interval '23 hours' END, '조치 완료 / Fixed and verified with the requester.',
      c + interval '6 hours', c, c, CASE WHEN (${types}::text[])[1 + i % 12] = 'INQUIRY' THEN c END, c + interval '7 hours', c, c
    FROM generate_series(0, ${size - 1}) AS i, LATERAL (SELECT ${created} AS c) AS t`;
  // Their records in the action history (the cycle appends to this table and its unique sourceKey).
  await rt.db.$executeRaw`
    INSERT INTO "AutoAction" ("id", "actionType", "description", "target", "environment", "targetCount", "riskLevel", "riskFactors", "policyVersion",
      "status", "requestedBy", "createdAt", "processedAt", "sourceKey")
    SELECT 'ACT-' || substr(r."id", 4), 'ASSIGN_REQUEST', 'Assigned ' || r."id" || ' to ' || r."assignee", r."id", 'DEV', 1, 'LOW', '[]'::jsonb, 1,
      'AUTO_DONE', 'system:auto-cycle', r."createdAt", r."createdAt", 'assign:' || r."id"
    FROM "ServiceRequest" r WHERE r."id" LIKE 'SR-H%'`;
  // Old anomalies, the severe ones with their incidents.
  await rt.db.$executeRaw`
    INSERT INTO "Anomaly" ("id", "source", "metricType", "value", "threshold", "severity", "detectedAt")
    SELECT 'ANM-H' || lpad(i::text, 7, '0'), 'web-' || (1 + i % 40), (ARRAY['cpu_usage', 'memory_usage', 'disk_usage', 'latency_p99'])[1 + i % 4],
      100 + i % 60, 80, CAST((ARRAY['MEDIUM', 'HIGH', 'CRITICAL'])[1 + i % 3] AS "Severity"), ${now} - interval '2 days' - (i % 365) * interval '1 day'
    FROM generate_series(0, ${Math.round(size / 10) - 1}) AS i`;
  await rt.db.$executeRaw`
    INSERT INTO "Incident" ("id", "title", "severity", "status", "anomalyId", "createdAt")
    SELECT 'INC-' || substr(a."id", 5), a."metricType" || ' on ' || a."source", a."severity", 'RESOLVED', a."id", a."detectedAt"
    FROM "Anomaly" a WHERE a."id" LIKE 'ANM-H%' AND a."severity" <> 'MEDIUM'`;
  // Steady state: the previous cycle succeeded a few minutes ago.
  const now2 = Date.now();
  await rt.db.autoCycleRun.create({ data: { id: publicId('RUN'), status: 'SUCCEEDED', triggeredBy: 'system:auto-cycle', startedAt: new Date(now2 - 5 * 60_000), finishedAt: new Date(now2 - 5 * 60_000 + 2000) } });
}

/** The same new work at every history size. */
async function seedNewWork(count: number): Promise<void> {
  const now = Date.now();
  const requests = Array.from({ length: count }, (_, i) => {
    const [type, title, description, category] = pick(TEXTS, i);
    const priority = pick(PRIORITIES, i);
    const createdAt = new Date(now - (count - i) * 1000);
    // One in twenty is close to its SLA deadline.
    const slaDueAt = i % 20 === 0 ? new Date(now + 10 * 60_000) : new Date(now + 8 * HOUR);
    return { id: publicId('SR'), title, description, type, priority, category, classifiedAt: createdAt, instId: (i % 12) + 1, requester: `user${i % 500}`, slaDueAt, createdAt };
  });
  await inChunks(requests, (chunk) => rt.db.serviceRequest.createMany({ data: chunk }));
  // Resolved since the last cycle: to be drafted.
  const resolved = Array.from({ length: Math.round(count / 20) }, (_, i) => {
    const [type, title, description, category] = pick(TEXTS, i);
    return {
      id: publicId('SR'), title: `${title} (resolved)`, description, type, priority: 'P3' as const, status: 'RESOLVED' as const, category, classifiedAt: new Date(now - HOUR),
      requester: `user${i}`, assignee: 'kim.net', slaDueAt: new Date(now + 8 * HOUR), resolution: '캐시를 비우고 클라이언트를 재설치했습니다. Cleared the cache and reinstalled the client.',
      resolvedAt: new Date(now - 60_000), answerCheckedAt: type === 'INQUIRY' ? new Date(now - HOUR) : null, createdAt: new Date(now - HOUR),
    };
  });
  await rt.db.serviceRequest.createMany({ data: resolved });
  await rt.db.anomaly.createMany({
    data: Array.from({ length: Math.round(count / 50) }, (_, i) => ({
      id: publicId('ANM'), source: `web-${i + 1}`, metricType: 'cpu_usage', value: 130, threshold: 80, severity: i % 2 ? ('HIGH' as const) : ('CRITICAL' as const), detectedAt: new Date(now - 60_000),
    })),
  });
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function measure(size: number): Promise<{ ms: number; steps: StepRecord[] }> {
  const target = await freshDatabase();
  try {
    let started = Date.now();
    await migrateDatabase(target.config);
    // Step timings are printed below; the per-step info logs would only interleave with them.
    rt = await openRuntime(target.config, { logger: createLogger(process.env.LOG_LEVEL ?? 'warn') });
    await seedStaffAndKb();
    await seedHistory(size);
    await seedNewWork(NEW_WORK);
    // Fresh planner statistics, as autovacuum keeps them on a server (PGlite has no autovacuum);
    // BENCH_CYCLE_ANALYZE=0 measures without them.
    if (process.env.BENCH_CYCLE_ANALYZE !== '0') await rt.db.$executeRawUnsafe('ANALYZE');
    console.log(`  ${size.toLocaleString('en')} historical + ${NEW_WORK.toLocaleString('en')} new requests loaded in ${seconds(Date.now() - started)}`);
    started = Date.now();
    const run = await runAutoCycleNow(rt, 'bench');
    const ms = Date.now() - started;
    const steps = run.steps as unknown as StepRecord[];
    console.log(`  one cycle: ${seconds(ms)} (${run.status})`);
    for (const step of steps) console.log(`    ${step.name.padEnd(18)} ${String(step.processed).padStart(5)} done ${String(step.leftForHuman).padStart(5)} left  ${seconds(step.durationMs)}`);
    return { ms, steps };
  } finally {
    await rt?.close();
    await target.cleanup();
  }
}

console.log(`auto-cycle bench on ${databaseKind}, node ${process.version}`);
const results: Array<{ size: number; ms: number }> = [];
for (const size of SIZES) {
  console.log(`history of ${size.toLocaleString('en')} requests:`);
  const { ms } = await measure(size);
  results.push({ size, ms });
}
if (results.length >= 2) {
  const sorted = [...results].sort((a, b) => a.size - b.size);
  const [small, large] = [sorted[0]!, sorted[sorted.length - 1]!];
  console.log(
    `\ncycle over ${large.size.toLocaleString('en')} historical: ${seconds(large.ms)}; over ${small.size.toLocaleString('en')}: ${seconds(small.ms)}; ` +
      `ratio ${(large.ms / small.ms).toFixed(2)} for ${(large.size / small.size).toFixed(0)}× the history (same new work)`,
  );
  summary({ work: `cycle over ${NEW_WORK.toLocaleString('en')} new, ${large.size.toLocaleString('en')} vs ${small.size.toLocaleString('en')} history [${databaseKind}]`, opsloop: `${seconds(large.ms)} / ${seconds(small.ms)}`, ratio: (large.ms / small.ms).toFixed(2), target: '≤ 1 s, ratio ≤ 1.2' });
} else {
  for (const { size, ms } of results) summary({ work: `cycle over ${NEW_WORK.toLocaleString('en')} new, ${size.toLocaleString('en')} history [${databaseKind}]`, opsloop: seconds(ms), target: '≤ 1 s' });
}
