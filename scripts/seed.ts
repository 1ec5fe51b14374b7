// npm run seed [-- --cycle] — loads a bilingual (Korean and English) demo data set into the
// configured database (DATA_DIR, or DATABASE_URL), so a newcomer sees the auto cycle do real work:
//   - 6 teams owning the categories, 14 engineers (ENGINEER users), a PM, an ADMIN, 24 requesters;
//   - 12 published KB articles (Korean, English, bilingual);
//   - 320 service requests of every type in Korean and English: new ones (some not yet classified,
//     as if imported from a mail gateway), assigned, in progress, resolved and closed ones with
//     resolutions, a few close to their SLA deadline; each run through recurrence detection;
//   - 5 detectors with thresholds and 24 anomalies, some HIGH or CRITICAL.
// With --cycle, one auto cycle runs at the end and its steps are printed.
// Re-running is safe: users and teams are upserted, articles updated in place, and requests and
// anomalies have fixed ids (SR-SEED…, ANM-SEED…) so existing ones are skipped, not duplicated;
// the work the cycle already did on them stays done.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../src/config.js';
import { DataDirInUseError } from '../src/db/adapter.js';
import type { Category, Priority, RequestStatus, RequestType, Role, Severity } from '../src/generated/prisma/enums.js';
import { createLogger } from '../src/logger.js';
import { classifyRequest, slaDeadline } from '../src/modules/itsm/classification.js';
import type { StepRecord } from '../src/modules/cycle/cycle-runs.service.js';
import { runAutoCycleNow } from '../src/modules/cycle/cycle.service.js';
import { articleKeywords } from '../src/modules/itsm/kb-match.js';
import { registerLearningReactions } from '../src/modules/learning/reactions.js';
import { openRuntime, type OpenRuntime } from '../src/runtime.js';

const { values: options } = parseArgs({ options: { cycle: { type: 'boolean', default: false } } });

function configuration() {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
}
const config = configuration();

const HOUR = 3_600_000;
const MINUTE = 60_000;

// ───────────────────────────── people and teams ─────────────────────────────

const TEAMS: Array<{ name: string; categories: Category[]; engineers: string[] }> = [
  { name: '네트워크팀', categories: ['NETWORK'], engineers: ['kim.jihoon', 'lee.sora', 'alex.network'] },
  { name: 'DB팀', categories: ['DATABASE'], engineers: ['park.minsu', 'dana.dba'] },
  { name: '서버팀', categories: ['SERVER'], engineers: ['choi.hyun', 'sam.sre'] },
  { name: '보안팀', categories: ['SECURITY'], engineers: ['jung.yuna', 'max.secops'] },
  { name: '애플리케이션팀', categories: ['APPLICATION'], engineers: ['kang.taeho', 'emma.apps'] },
  { name: '서비스데스크', categories: ['ACCOUNT', 'HARDWARE', 'OTHER'], engineers: ['yoon.jiwoo', 'lim.hana', 'chris.desk'] },
];
const REQUESTERS = [
  'minji.kim', 'junho.lee', 'seoyeon.park', 'hyunwoo.choi', 'jisoo.jung', 'taeyang.kang', 'yuna.cho', 'dohyun.yoon',
  'sora.jang', 'minho.lim', 'hana.han', 'jiho.oh', 'john.smith', 'maria.garcia', 'wei.chen', 'olivia.brown',
  'liam.jones', 'ava.miller', 'noah.davis', 'mia.wilson', 'lucas.moore', 'emma.taylor', 'ethan.thomas', 'sofia.white',
].map((username, i) => ({ username, instId: (i % 4) + 1 }));

// ───────────────────────────── knowledge base ─────────────────────────────

const ARTICLES: Array<{ title: string; body: string; tags: string[] }> = [
  {
    title: '비밀번호 초기화 방법 / How to reset your password',
    body: '그룹웨어·메일 비밀번호를 잊어버렸다면 셀프서비스 포털(https://sso.example.com/reset)에서 사번과 휴대폰 인증으로 초기화하세요. 초기화 후 10분 안에 모든 시스템에 반영됩니다.\nIf you forgot your groupware or mail password, reset it on the self-service portal with your employee number and a code sent to your phone. The new password reaches every system within 10 minutes.',
    tags: ['account', 'password'],
  },
  {
    title: 'VPN 접속 방법 (재택근무)',
    body: '재택근무 시 VPN 클라이언트(FortiClient)를 설치하고 사내 계정으로 로그인한 뒤 접속하세요. 연결이 자주 끊기면 클라이언트를 최신 버전으로 업데이트하고, 집 공유기를 재부팅해 보세요.',
    tags: ['network', 'vpn'],
  },
  {
    title: 'Connecting to the VPN from home',
    body: 'Install the VPN client (FortiClient) from the software center, log in with your company account and connect. If the connection drops often, update the client to the latest version and restart your home router.',
    tags: ['network', 'vpn'],
  },
  {
    title: '계정 잠김 해제 / Unlocking a locked account',
    body: '로그인 5회 실패 시 계정이 30분간 잠깁니다. 30분 후 다시 시도하거나 셀프서비스 포털에서 잠금을 해제하세요.\nAfter 5 failed logins your account is locked for 30 minutes. Wait, or unlock it yourself on the self-service portal.',
    tags: ['account', 'login'],
  },
  {
    title: '프린터 드라이버 설치 / Installing a printer driver',
    body: '소프트웨어 센터에서 층별 프린터(복합기) 드라이버를 설치하세요. 설치 후 프린터 목록에서 "3F-복합기"처럼 층 이름을 선택합니다.\nInstall the driver for your floor printer from the software center, then pick the printer named after your floor (e.g. "3F-copier").',
    tags: ['hardware', 'printer'],
  },
  {
    title: 'Outlook 메일함 용량 정리',
    body: '아웃룩 메일함 용량이 가득 차면 메일 발송과 수신이 멈춥니다. 오래된 메일을 보관 폴더로 옮기고 지운 편지함을 비우세요. 보관 정책은 1년입니다.',
    tags: ['application', 'email'],
  },
  {
    title: 'Outlook mailbox full: cleaning up',
    body: 'When your Outlook mailbox is full, sending and receiving email stops. Move old mail to the archive folder and empty Deleted Items. Mail is archived automatically after one year.',
    tags: ['application', 'email'],
  },
  {
    title: '사내 와이파이 연결 방법 / Joining the office Wi-Fi',
    body: '사내 와이파이(CORP-WIFI)는 사번과 그룹웨어 비밀번호로 로그인합니다. 방문객은 GUEST-WIFI를 사용하세요.\nLog in to CORP-WIFI with your employee number and groupware password. Visitors use GUEST-WIFI.',
    tags: ['network', 'wifi'],
  },
  {
    title: '소프트웨어 설치 요청 방법 / Requesting software',
    body: '승인된 소프트웨어는 소프트웨어 센터에서 직접 설치할 수 있습니다. 라이선스가 필요한 프로그램(엑셀 고급 기능, Visio 등)은 SERVICE 요청으로 신청하세요.\nApproved software installs from the software center. Licensed programs (Visio, Excel add-ins) are requested with a SERVICE request.',
    tags: ['application', 'license'],
  },
  {
    title: '피싱 메일 신고 방법 / Reporting a phishing email',
    body: '의심스러운 메일의 링크나 첨부파일을 열지 말고, 아웃룩의 "피싱 신고" 버튼으로 보안팀에 전달하세요. 이미 링크를 눌렀다면 즉시 비밀번호를 변경하세요.\nDo not open links or attachments. Use the "Report phishing" button in Outlook. If you clicked a link, change your password right away.',
    tags: ['security', 'phishing'],
  },
  {
    title: 'ERP 접속이 느릴 때 / When the ERP is slow',
    body: 'ERP(SAP) 화면이 느리면 브라우저 캐시를 지우고 크롬 최신 버전을 사용하세요. 월말 마감 기간에는 조회 범위를 한 달 이내로 줄이세요.\nIf SAP screens are slow, clear the browser cache and use the latest Chrome; during month-end closing, query one month at a time.',
    tags: ['application', 'erp'],
  },
  {
    title: '노트북 지급 절차 / Getting a laptop',
    body: '신규 입사자 노트북은 입사 3일 전까지 SERVICE 요청으로 신청하면 첫 출근일에 지급됩니다.\nRequest a new hire laptop with a SERVICE request at least 3 days before the start date; it is ready on the first day.',
    tags: ['hardware', 'laptop'],
  },
];

// ───────────────────────────── request templates ─────────────────────────────

interface Template {
  type: RequestType;
  title: string;
  description: string;
  resolution: string;
}

const TEMPLATES: Template[] = [
  // INCIDENT
  { type: 'INCIDENT', title: 'VPN 접속이 안됩니다', description: '재택근무 중인데 아침부터 VPN 클라이언트가 연결되지 않습니다.', resolution: 'VPN 클라이언트를 최신 버전으로 업데이트하고 재접속하여 해결했습니다.' },
  { type: 'INCIDENT', title: 'VPN connection fails', description: 'Working from home, the VPN client cannot connect since this morning.', resolution: 'Updated the VPN client to the latest version; the connection works again.' },
  { type: 'INCIDENT', title: '회의실 와이파이가 자주 끊깁니다', description: '3층 대회의실 무선랜이 10분마다 끊겨 화상회의가 어렵습니다.', resolution: '3층 AP 채널 간섭을 조정하고 펌웨어를 업데이트했습니다.' },
  { type: 'INCIDENT', title: '오라클 DB 테이블스페이스 부족', description: '운영 DB USERS 테이블스페이스 사용률이 95%입니다. ORA-01653 오류가 발생합니다.', resolution: '데이터파일을 추가하고 오래된 파티션을 아카이브했습니다.' },
  { type: 'INCIDENT', title: 'Database deadlocks on the orders table', description: 'The nightly batch hits deadlocks in PostgreSQL on the orders table.', resolution: 'Changed the batch to update rows in primary-key order; no deadlocks since.' },
  { type: 'INCIDENT', title: 'web-02 서버 디스크 용량 부족', description: '/var 파티션 사용률이 92%입니다.', resolution: '오래된 로그를 정리하고 logrotate 보관 주기를 7일로 줄였습니다.' },
  { type: 'INCIDENT', title: 'app-03 server CPU at 100%', description: 'The application server app-03 has been at 100% CPU for an hour.', resolution: 'A runaway report job was stopped and rescheduled off-peak.' },
  { type: 'INCIDENT', title: '피싱 메일을 받았습니다', description: '대표이사 명의로 링크가 포함된 의심스러운 메일이 왔습니다.', resolution: '발신 도메인을 차단하고 전 직원 메일함에서 삭제했습니다.' },
  { type: 'INCIDENT', title: 'Suspicious phishing email', description: 'I received an email asking me to confirm my password on an unknown site.', resolution: 'Blocked the sender domain and purged the message from all mailboxes.' },
  { type: 'INCIDENT', title: 'Outlook에서 메일 발송이 안됩니다', description: '아웃룩으로 메일을 보내면 보낼 편지함에 계속 남아 있습니다.', resolution: '메일함 용량 초과였습니다. 보관 폴더로 옮기고 정상 발송을 확인했습니다.' },
  { type: 'INCIDENT', title: 'ERP screens are slow', description: 'SAP takes 30 seconds to open a purchase order.', resolution: 'Rebuilt the statistics of the purchasing tables; screens open in 2 seconds.' },
  { type: 'INCIDENT', title: '3층 프린터 인쇄가 안돼요', description: '복합기에서 출력이 되지 않고 대기열에 쌓입니다.', resolution: '프린터 스풀러를 재시작하고 드라이버를 재설치했습니다.' },
  { type: 'INCIDENT', title: '전체 사용자 그룹웨어 접속 불가', description: '오전 9시부터 전 직원이 그룹웨어에 접속할 수 없습니다.', resolution: '만료된 SSL 인증서를 갱신하고 서비스를 재기동했습니다.' },
  { type: 'INCIDENT', title: 'Account locked after password change', description: 'After changing my password my account keeps getting locked.', resolution: 'Old password cached on the phone mail app; removed it and unlocked the account.' },
  // INQUIRY
  { type: 'INQUIRY', title: '비밀번호 초기화는 어떻게 하나요?', description: '그룹웨어 비밀번호를 잊어버렸습니다.', resolution: '셀프서비스 포털 안내를 드렸습니다.' },
  { type: 'INQUIRY', title: 'How do I reset my password?', description: 'I forgot my groupware password.', resolution: 'Pointed to the self-service portal.' },
  { type: 'INQUIRY', title: '재택근무 VPN 접속 방법 문의', description: '다음 주부터 재택근무인데 VPN은 어떻게 접속하나요?', resolution: 'VPN 설치 가이드를 안내했습니다.' },
  { type: 'INQUIRY', title: 'How do I connect to the VPN from home?', description: 'I start working from home next week.', resolution: 'Sent the VPN guide.' },
  { type: 'INQUIRY', title: '사내 와이파이 비밀번호 문의', description: '사내 와이파이 로그인 방법을 알고 싶습니다.', resolution: '사번과 그룹웨어 비밀번호로 로그인하도록 안내했습니다.' },
  { type: 'INQUIRY', title: '법인카드 한도 문의', description: '법인카드 사용 한도를 알고 싶습니다.', resolution: '재무팀으로 안내했습니다.' },
  { type: 'INQUIRY', title: 'Where can I find the holiday calendar?', description: 'Looking for next year’s company holidays.', resolution: 'Linked the HR portal page.' },
  { type: 'INQUIRY', title: 'How do I install a printer driver?', description: 'New laptop, I need the driver for my floor printer.', resolution: 'Pointed to the software center.' },
  // SERVICE
  { type: 'SERVICE', title: '엑셀 라이선스 요청', description: '데이터 분석 업무로 엑셀 고급 기능 라이선스가 필요합니다.', resolution: '라이선스를 할당했습니다.' },
  { type: 'SERVICE', title: 'Please install Visio', description: 'I need Visio on my laptop for the network diagrams.', resolution: 'Visio license assigned and installed remotely.' },
  { type: 'SERVICE', title: '신규 입사자 노트북 지급 요청', description: '다음 주 월요일 입사자용 노트북이 필요합니다.', resolution: '노트북을 준비해 자리에 설치했습니다.' },
  { type: 'SERVICE', title: 'New monitor for my desk', description: 'A second 27-inch monitor, please.', resolution: 'Monitor delivered and connected.' },
  { type: 'SERVICE', title: '공유 폴더 권한 요청', description: '재무팀 공유 폴더 읽기 권한이 필요합니다.', resolution: '팀장 승인 후 읽기 권한을 부여했습니다.' },
  { type: 'SERVICE', title: 'Access to the sales dashboard', description: 'I need read permission on the sales dashboard.', resolution: 'Permission granted after manager approval.' },
  // CHANGE
  { type: 'CHANGE', title: '방화벽 포트 오픈 요청', description: '10.1.2.3 서버의 443 포트를 외부에서 접근할 수 있게 열어주세요.', resolution: '보안 검토 후 방화벽 정책을 반영했습니다.' },
  { type: 'CHANGE', title: 'Upgrade PostgreSQL on db-02 to 16', description: 'Planned upgrade of the reporting database during the weekend window.', resolution: 'Upgraded during the window; replication verified.' },
  { type: 'CHANGE', title: 'web 서버 nginx 설정 변경', description: '업로드 최대 크기를 50MB로 늘려주세요.', resolution: 'client_max_body_size를 50m으로 변경하고 재기동했습니다.' },
  { type: 'CHANGE', title: 'Renew the SSL certificate of the portal', description: 'The portal certificate expires in 14 days.', resolution: 'Certificate renewed and deployed.' },
];

/** Deterministic pseudo-random numbers (mulberry32): the same data set on every run. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const seedId = (prefix: 'SR' | 'KB' | 'ANM', n: number) => `${prefix}-SEED${String(n).padStart(4, '0')}`;

/** One line rewritten in place on a terminal; a line per quarter when piped to a log. */
function progress(label: string, done: number, total: number) {
  const line = `  ${label.padEnd(22)} ${String(done).padStart(4)}/${total}`;
  if (process.stdout.isTTY) {
    process.stdout.write(`\r${line}${done === total ? '\n' : ''}`);
  } else if (done === total || done % Math.max(1, Math.ceil(total / 4)) === 0) {
    console.log(line);
  }
}

// ───────────────────────────── loading ─────────────────────────────

async function seedPeople() {
  const people: Array<{ username: string; role: Role; instId: number | null }> = [
    { username: 'admin', role: 'ADMIN', instId: null },
    { username: 'pm.seo', role: 'PM', instId: null },
    ...TEAMS.flatMap((team) => team.engineers.map((username) => ({ username, role: 'ENGINEER' as const, instId: null }))),
    ...REQUESTERS.map((r) => ({ username: r.username, role: 'REQUESTER' as const, instId: r.instId })),
  ];
  let done = 0;
  for (const person of people) {
    await rt.db.user.upsert({ where: { username: person.username }, create: person, update: { role: person.role, instId: person.instId } });
    progress('users', ++done, people.length);
  }
  done = 0;
  for (const team of TEAMS) {
    const row = await rt.db.team.upsert({ where: { name: team.name }, create: { name: team.name, categories: team.categories }, update: { categories: team.categories } });
    await rt.db.teamMember.createMany({ data: team.engineers.map((username) => ({ teamId: row.id, username })), skipDuplicates: true });
    progress('teams', ++done, TEAMS.length);
  }
}

async function seedArticles() {
  let done = 0;
  for (const [index, article] of ARTICLES.entries()) {
    const data = { ...article, keywords: articleKeywords(article.title, article.body, article.tags) };
    await rt.db.kbArticle.upsert({
      where: { id: seedId('KB', index + 1) },
      create: { id: seedId('KB', index + 1), ...data, status: 'PUBLISHED', publishedAt: new Date(), createdBy: 'pm.seo' },
      update: data,
    });
    progress('published KB articles', ++done, ARTICLES.length);
  }
}

interface SeedRequest {
  id: string;
  title: string;
  description: string;
  type: RequestType;
  instId: number;
  requester: string;
}

async function seedRequests(count: number): Promise<SeedRequest[]> {
  const next = random(20261122);
  const now = Date.now();
  const engineersByCategory = new Map<Category, string[]>();
  for (const team of TEAMS) for (const category of team.categories) engineersByCategory.set(category, team.engineers);
  const rows = Array.from({ length: count }, (_, i) => {
    const template = TEMPLATES[i % TEMPLATES.length]!;
    const requester = REQUESTERS[Math.floor(next() * REQUESTERS.length)]!;
    const classification = classifyRequest(template);
    const roll = next();
    // The newest third is new work for the cycle; the rest is history in every state.
    const status: RequestStatus =
      i >= count * 0.66 ? 'NEW' : roll < 0.15 ? 'ASSIGNED' : roll < 0.25 ? 'IN_PROGRESS' : roll < 0.7 ? 'RESOLVED' : 'CLOSED';
    const ageHours = status === 'NEW' ? (count - i) * 0.05 : 6 + (count - i) * 2 * next();
    const createdAt = new Date(now - ageHours * HOUR);
    const priority: Priority = classification.priority;
    const engineers = engineersByCategory.get(classification.category) ?? engineersByCategory.get('OTHER')!;
    const done = status === 'RESOLVED' || status === 'CLOSED';
    // One in ten new requests came in by mail, unclassified; a few open ones are close to their SLA.
    const unclassified = status === 'NEW' && i % 10 === 0;
    const slaDueAt = status !== 'NEW' && !done && i % 7 === 0 ? new Date(now + 20 * MINUTE) : slaDeadline(priority, createdAt, config.slaHours);
    return {
      id: seedId('SR', i + 1),
      title: template.title,
      description: template.description,
      type: template.type,
      priority,
      status,
      category: unclassified ? null : classification.category,
      classifiedAt: unclassified ? null : createdAt,
      instId: requester.instId,
      requester: requester.username,
      assignee: status === 'NEW' ? null : engineers[i % engineers.length]!,
      assignedAt: status === 'NEW' ? null : new Date(createdAt.getTime() + 10 * MINUTE),
      slaDueAt: slaDueAt.getTime() < createdAt.getTime() ? new Date(now + 20 * MINUTE) : slaDueAt,
      resolution: done ? template.resolution : null,
      resolvedAt: done ? new Date(createdAt.getTime() + 4 * HOUR) : null,
      // Older resolved requests were drafted by earlier cycles; the recent ones wait for this one.
      kbDraftedAt: done && ageHours > 48 ? new Date(createdAt.getTime() + 5 * HOUR) : null,
      answerCheckedAt: template.type === 'INQUIRY' && status !== 'NEW' ? createdAt : null,
      createdAt,
    };
  });
  const { count: inserted } = await rt.db.serviceRequest.createMany({ data: rows, skipDuplicates: true });
  console.log(`  service requests       ${inserted} new, ${rows.length - inserted} already there`);
  return rows;
}

async function linkRecurrence(requests: SeedRequest[]) {
  let done = 0;
  for (const request of requests) {
    // The same reaction the server runs when a request is filed: detection, then the pattern link.
    await rt.domain.emit('serviceRequest:filed', { id: request.id, title: request.title, description: request.description, type: request.type, instId: request.instId });
    progress('recurrence detection', ++done, requests.length);
  }
}

async function seedAnomalies() {
  const detectors: Array<{ source: string; metricType: string; base: number }> = [
    { source: 'web-01', metricType: 'cpu_usage', base: 80 },
    { source: 'web-02', metricType: 'memory_usage', base: 85 },
    { source: 'db-01', metricType: 'disk_usage', base: 85 },
    { source: 'erp-app', metricType: 'latency_p99_ms', base: 1200 },
    { source: 'vpn-gw', metricType: 'session_failures', base: 50 },
  ];
  const thresholds: Array<{ id: number; source: string; metricType: string; adaptedThreshold: number }> = [];
  for (const detector of detectors) {
    thresholds.push(
      await rt.db.threshold.upsert({
        where: { source_metricType: { source: detector.source, metricType: detector.metricType } },
        create: { source: detector.source, metricType: detector.metricType, baseThreshold: detector.base, adaptedThreshold: detector.base },
        update: {},
      }),
    );
  }
  const next = random(7);
  const now = Date.now();
  const anomalies = Array.from({ length: 24 }, (_, i) => {
    const threshold = thresholds[i % thresholds.length]!;
    const ratio = 1 + next() * 0.8;
    const severity: Severity = ratio >= 1.5 ? 'CRITICAL' : ratio >= 1.25 ? 'HIGH' : 'MEDIUM';
    return {
      id: seedId('ANM', i + 1),
      source: threshold.source,
      metricType: threshold.metricType,
      value: Math.round(threshold.adaptedThreshold * ratio * 10) / 10,
      threshold: threshold.adaptedThreshold,
      severity,
      thresholdId: threshold.id,
      // Within the last 45 minutes: recent enough for the next cycle's incident step.
      detectedAt: new Date(now - (24 - i) * 2 * MINUTE),
    };
  });
  const { count } = await rt.db.anomaly.createMany({ data: anomalies, skipDuplicates: true });
  const severe = anomalies.filter((a) => a.severity !== 'MEDIUM').length;
  console.log(`  detectors              ${detectors.length}`);
  console.log(`  anomalies              ${count} new, ${anomalies.length - count} already there (${severe} HIGH or CRITICAL)`);
}

function printSteps(steps: StepRecord[]) {
  for (const step of steps) console.log(`    ${step.name.padEnd(18)} ${String(step.processed).padStart(4)} done ${String(step.leftForHuman).padStart(4)} left for a human`);
}

console.log(`seeding ${config.databaseUrl ? 'the PostgreSQL database of DATABASE_URL' : `the embedded database in ${config.dataDir}`}`);
let rt: OpenRuntime;
try {
  // Progress goes to stdout below; routine service logs would only interleave with it.
  rt = await openRuntime(config, { migrate: true, logger: createLogger(process.env.LOG_LEVEL ?? 'warn') });
} catch (error) {
  if (!(error instanceof DataDirInUseError)) throw error;
  console.error(error.message);
  process.exit(2);
}
registerLearningReactions(rt);
try {
  await seedPeople();
  await seedArticles();
  const requests = await seedRequests(320);
  await linkRecurrence(requests);
  await seedAnomalies();
  if (options.cycle) {
    console.log('running one auto cycle…');
    const run = await runAutoCycleNow(rt, 'seed');
    console.log(`  ${run.id} ${run.status}`);
    printSteps(run.steps as unknown as StepRecord[]);
  } else {
    console.log('done. Start the server (npm start) and run the cycle as an ADMIN:');
    console.log('  npm run token -- --sub admin --role ADMIN   → mutation { runAutoCycle { id status } }');
    console.log('  (or `npm run seed -- --cycle` to run one cycle right away)');
  }
} finally {
  await rt.close();
}
