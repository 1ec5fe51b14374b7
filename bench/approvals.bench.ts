// Approvals benchmark (figures, not assertions):
//  1. approval-queue read — autoQueue(first: 50) with risk factors and audit trails: latency
//     p50/p99 (sequential), throughput (10 concurrent clients), SQL statements per request;
//  2. submit → subscriber delivery — 1,000 graphql-ws subscribers on approvalQueue: latency from
//     sending submitAction to each subscriber receiving SUBMITTED (p50/p99), and to the last one.
// Client and server share this process (and its CPU). TEST_DATABASE_URL / TEST_REDIS_URL select
// PostgreSQL / Redis as in the tests; PGlite and in-process events otherwise.
import { performance } from 'node:perf_hooks';
import { countSqlStatements } from '../test/helpers/sql-cost.js';
import { AT_RISK, ApprovalsApprove, ApprovalsSubmit } from '../test/helpers/approvals.js';
import { startTestServer } from '../test/helpers/server.js';
import { connectWs, type WsClient } from '../test/helpers/ws.js';
import { summary } from './lib/load.js';

// Plain strings: codegen reads test/ only.
const BenchQueuePage = `
  query BenchApprovalsQueuePage {
    autoQueue(first: 50) {
      totalCount
      edges { node { id actionType status riskLevel requestedBy createdAt expiresAt riskFactors { name effect } auditTrail { at actor toStatus } } }
    }
  }
`;

const BenchQueueEvents = `
  subscription BenchApprovalsQueueEvents {
    approvalQueue { kind action { id status riskLevel } }
  }
`;

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 1000);
const SUBMITS = Number(process.env.BENCH_SUBMITS ?? 30);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
const ms = (value: number) => `${value.toFixed(1)} ms`;

// The subscribers share one user's token: the per-user socket cap (default 50) would refuse them.
const server = await startTestServer({ LOG_LEVEL: 'warn', WS_MAX_CONNECTIONS_PER_USER: String(SUBSCRIBERS + 10), RATE_LIMIT_COST_PER_MINUTE: '1000000000' });
const mode = `${server.database.kind}${process.env.TEST_REDIS_URL ? ' + redis' : ''}`;
console.log(`approvals bench on ${mode}, node ${process.version}`);
try {
  const erin = await server.as('erin', 'ENGINEER');
  const paul = await server.as('paul', 'PM');
  const vera = await server.as('vera', 'VIEWER');

  // Arrange: 300 actions, a third of them decided.
  for (let i = 0; i < 300; i++) {
    const risk = i % 3 === 0 ? 'LOW' : 'HIGH';
    const { submitAction } = await erin.data(ApprovalsSubmit, { input: { ...AT_RISK[risk], description: `bench ${i}` } });
    if (i % 3 === 1) await paul.data(ApprovalsApprove, { id: submitAction.id });
  }

  // 1. Queue reads.
  for (let i = 0; i < 20; i++) await vera.data(BenchQueuePage);
  const counter = countSqlStatements();
  const latencies: number[] = [];
  const READS = 200;
  for (let i = 0; i < READS; i++) {
    const start = performance.now();
    await vera.data(BenchQueuePage);
    latencies.push(performance.now() - start);
  }
  const statements = counter.stop().filter((sql) => !/^\s*(BEGIN|COMMIT|ROLLBACK)\b/i.test(sql)).length;
  latencies.sort((a, b) => a - b);
  const CONCURRENCY = 10;
  const DURATION_MS = 5000;
  let completed = 0;
  const until = performance.now() + DURATION_MS;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < until) {
        await vera.data(BenchQueuePage);
        completed += 1;
      }
    }),
  );
  console.log(`autoQueue(first: 50) with audit trails: p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))} (${READS} sequential)`);
  console.log(`  throughput ${(completed / (DURATION_MS / 1000)).toFixed(0)} req/s (${CONCURRENCY} concurrent clients, ${DURATION_MS / 1000} s)`);
  console.log(`  SQL statements per request: ${(statements / READS).toFixed(2)}`);
  summary({ work: `autoQueue(first: 50), in-process client [${mode}]`, opsloop: `p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}, ${(statements / READS).toFixed(0)} statements` });

  // 2. Delivery to many subscribers.
  const sockets: WsClient[] = [];
  const received = new Map<string, number[]>();
  const wsUrl = server.url.replace('http', 'ws');
  for (let batch = 0; batch < SUBSCRIBERS; batch += 100) {
    const opened = await Promise.all(Array.from({ length: Math.min(100, SUBSCRIBERS - batch) }, () => connectWs(wsUrl, vera.token)));
    for (const socket of opened) {
      sockets.push(socket);
      socket.client.subscribe(
        { query: BenchQueueEvents },
        {
          next: (result) => {
            const event = (result.data as { approvalQueue?: { kind: string; action: { id: string } } } | undefined)?.approvalQueue;
            if (event?.kind === 'SUBMITTED') {
              const times = received.get(event.action.id) ?? [];
              times.push(performance.now());
              received.set(event.action.id, times);
            }
          },
          error: () => {},
          complete: () => {},
        },
      );
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 1000)); // let every subscription register
  const delivery: number[] = [];
  const toLast: number[] = [];
  let missing = 0;
  for (let i = 0; i < SUBMITS; i++) {
    const start = performance.now();
    const { submitAction } = await erin.data(ApprovalsSubmit, { input: { ...AT_RISK.HIGH, description: `delivery ${i}` } });
    const deadline = performance.now() + 10_000;
    while ((received.get(submitAction.id)?.length ?? 0) < SUBSCRIBERS && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 2));
    const times = received.get(submitAction.id) ?? [];
    missing += SUBSCRIBERS - times.length;
    for (const at of times) delivery.push(at - start);
    if (times.length) toLast.push(Math.max(...times) - start);
  }
  delivery.sort((a, b) => a - b);
  toLast.sort((a, b) => a - b);
  console.log(`submitAction → SUBMITTED at ${SUBSCRIBERS} subscribers (${SUBMITS} submits): p50 ${ms(percentile(delivery, 50))}, p99 ${ms(percentile(delivery, 99))}`);
  console.log(`  until the last subscriber: p50 ${ms(percentile(toLast, 50))}, max ${ms(toLast.at(-1)!)}; missed deliveries: ${missing}`);
  summary({ work: `submit → SUBMITTED, ${SUBSCRIBERS} in-process subscribers [${mode}]`, opsloop: `p50 ${ms(percentile(delivery, 50))}, p99 ${ms(percentile(delivery, 99))}, ${missing} missed` });
  await Promise.all(sockets.map((socket) => socket.close()));
} finally {
  await server.stop();
}
