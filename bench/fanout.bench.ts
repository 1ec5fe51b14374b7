// Live fan-out against a raw `ws` broadcast (figures, not assertions): N graphql-ws subscribers
// (BENCH_SUBSCRIBERS, default 10,000) on
//   subscription { approvalQueue { kind action { id status riskLevel } } }
// as VIEWER; an ENGINEER sends submitAction (HIGH, so it waits for approval) over HTTP; latency
// from sending the mutation to each subscriber receiving its SUBMITTED frame (p50/p99, until the
// last one), deliveries (must be 100%), and the server's resident memory per idle subscriber.
// The baseline (bench/baselines/ws-broadcast.ts) serves the same clients, and on an HTTP POST
// broadcasts a frame of the same size as opsloop's. Each round connects N fresh subscribers to one
// server, sends BENCH_FANOUT_EVENTS (default 10) events one after another and disconnects; rounds
// alternate (BENCH_ROUNDS, default 3). Clients share this process; the servers run in their own.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { WebSocket } from 'ws';
import { alternate, fmt, median, percentile, summary } from './lib/load.js';
import { BENCH_DIR, createBenchDatabase, mintToken, startChild, startOpsloop, type ChildServer } from './lib/opsloop.js';
import { submitAction } from './lib/seed.js';

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 10_000);
const EVENTS = Number(process.env.BENCH_FANOUT_EVENTS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECT_BATCH = 250;
const EVENT_TIMEOUT_MS = 20_000;

const SUBSCRIPTION = 'subscription BenchQueueEvents { approvalQueue { kind action { id status riskLevel } } }';

interface Delivery {
  start: number;
  times: number[];
  frame?: string;
}
/** SUBMITTED frames of the event in flight, by action id (the id is known once the mutation answers). */
let seen: Map<string, { times: number[]; frame: string }> | undefined;

/** A subscriber as graphql-ws clients behave: connection_init with the token, then subscribe. */
function subscribe(url: string, token: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, 'graphql-transport-ws', { perMessageDeflate: false });
    socket.once('error', reject);
    socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
    socket.on('message', (data) => {
      const at = performance.now();
      const text = data.toString();
      const message = JSON.parse(text) as { type: string; payload?: { data?: { approvalQueue?: { kind: string; action: { id: string } } } } };
      if (message.type === 'connection_ack') {
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: SUBSCRIPTION } }));
        resolve(socket);
      } else if (message.type === 'next') {
        const event = message.payload?.data?.approvalQueue;
        if (seen && event?.kind === 'SUBMITTED') {
          const entry = seen.get(event.action.id);
          if (entry) entry.times.push(at);
          else seen.set(event.action.id, { times: [at], frame: text });
        }
      } else if (message.type === 'ping') {
        socket.send('{"type":"pong"}');
      }
    });
  });
}

/** Sends one event (`send` resolves with its action id) and waits until `expected` got it. */
async function deliver(expected: number, send: () => Promise<string>, timeoutMs = EVENT_TIMEOUT_MS): Promise<Delivery> {
  const mine = new Map<string, { times: number[]; frame: string }>();
  seen = mine;
  const start = performance.now();
  const id = await send();
  const deadline = performance.now() + timeoutMs;
  while ((mine.get(id)?.times.length ?? 0) < expected && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 2));
  seen = undefined;
  const entry = mine.get(id);
  return { start, times: entry?.times ?? [], frame: entry?.frame };
}

async function connectAll(url: string, token: string): Promise<{ sockets: WebSocket[]; seconds: number }> {
  const started = performance.now();
  const sockets: WebSocket[] = [];
  for (let batch = 0; batch < SUBSCRIBERS; batch += CONNECT_BATCH) {
    sockets.push(...(await Promise.all(Array.from({ length: Math.min(CONNECT_BATCH, SUBSCRIBERS - batch) }, () => subscribe(url, token)))));
  }
  return { sockets, seconds: (performance.now() - started) / 1000 };
}

interface RoundResult {
  p50: number;
  p99: number;
  toLast: number;
  delivered: number;
  expected: number;
  bytesPerSubscriber: number;
  connectSeconds: number;
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One round on one server: connect N, warm up with one event, measure EVENTS, disconnect. */
async function round(server: ChildServer, token: string, publish: (index: number) => Promise<Delivery>): Promise<RoundResult> {
  await settle(500);
  const before = server.rss();
  const { sockets, seconds } = await connectAll(`${server.url.replace('http', 'ws')}/graphql`, token);
  const warm = await publish(-1); // every subscription registered once this arrives everywhere
  if (warm.times.length < SUBSCRIBERS) console.log(`  warm-up reached ${warm.times.length}/${SUBSCRIBERS}`);
  await settle(1000);
  const idle = server.rss();
  const latencies: number[] = [];
  const toLast: number[] = [];
  let delivered = 0;
  for (let i = 0; i < EVENTS; i++) {
    const delivery = await publish(i);
    delivered += delivery.times.length;
    for (const at of delivery.times) latencies.push(at - delivery.start);
    if (delivery.times.length) toLast.push(Math.max(...delivery.times) - delivery.start);
    await settle(50);
  }
  for (const socket of sockets) socket.terminate();
  await settle(1000);
  latencies.sort((a, b) => a - b);
  toLast.sort((a, b) => a - b);
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    toLast: percentile(toLast, 50),
    delivered,
    expected: EVENTS * SUBSCRIBERS,
    bytesPerSubscriber: (idle - before) / SUBSCRIBERS,
    connectSeconds: seconds,
  };
}

const database = await createBenchDatabase();
const servers: ChildServer[] = [];
console.log(`fanout bench on ${database.kind}, node ${process.version}: ${SUBSCRIBERS.toLocaleString('en-US')} subscribers, ${EVENTS} events × ${ROUNDS} alternating rounds`);
try {
  const opsloop = await startOpsloop(database);
  servers.push(opsloop);
  const raw = await startChild(path.join(BENCH_DIR, 'baselines', 'ws-broadcast.ts'), { name: 'ws-broadcast' });
  servers.push(raw);
  const [vera, erin] = await Promise.all([mintToken('vera', 'VIEWER'), mintToken('erin', 'ENGINEER')]);
  const graphqlUrl = `${opsloop.url}/graphql`;
  await submitAction(graphqlUrl, erin, 'HIGH', 'warm the mutation path');

  const submit = (description: string) => async () => (await submitAction(graphqlUrl, erin, 'HIGH', description)).id;
  const publishOpsloop = (index: number) => deliver(SUBSCRIBERS, submit(`fan-out ${index}`));

  // opsloop's frame for one event (one subscriber), to size the baseline's on.
  const probe = await subscribe(graphqlUrl.replace('http', 'ws'), vera);
  await settle(200);
  const frame = (await deliver(1, submit('frame probe'), 5000)).frame;
  probe.terminate();
  if (!frame) throw new Error('opsloop sent no SUBMITTED frame to a single subscriber');
  console.log(`opsloop frame, ${Buffer.byteLength(frame)} B: ${frame}`);
  const template = JSON.parse(frame) as { payload: { data: { approvalQueue: { action: { id: string } } } } };
  const probeId = template.payload.data.approvalQueue.action.id;
  const publishRaw = () =>
    deliver(SUBSCRIBERS, async () => {
      const id = `${probeId.slice(0, 4)}${randomBytes(8).toString('hex').toUpperCase().slice(0, probeId.length - 4)}`;
      await (await fetch(`${raw.url}/publish`, { method: 'POST', body: frame.replace(probeId, id) })).text();
      return id;
    });

  const results = await alternate<RoundResult>(
    ROUNDS,
    [
      { name: 'opsloop', run: () => round(opsloop, vera, publishOpsloop) },
      { name: 'ws-broadcast', run: () => round(raw, vera, publishRaw) },
    ],
    (name, index, r) =>
      console.log(
        `  round ${index} ${name.padEnd(12)} p50 ${fmt.ms(r.p50)}  p99 ${fmt.ms(r.p99)}  last ${fmt.ms(r.toLast)}  delivered ${((100 * r.delivered) / r.expected).toFixed(2)}%  idle ${fmt.bytes(r.bytesPerSubscriber)}/subscriber  connect ${r.connectSeconds.toFixed(1)} s`,
      ),
  );
  const ours = results.get('opsloop')!;
  const theirs = results.get('ws-broadcast')!;
  const m = (list: RoundResult[], key: keyof RoundResult) => median(list.map((r) => r[key]));
  const delivered = (list: RoundResult[]) => (100 * list.reduce((sum, r) => sum + r.delivered, 0)) / list.reduce((sum, r) => sum + r.expected, 0);
  const ratio = m(ours, 'p99') / m(theirs, 'p99');
  console.log(
    `submitAction → SUBMITTED at ${SUBSCRIBERS.toLocaleString('en-US')} subscribers: opsloop p50 ${fmt.ms(m(ours, 'p50'))}, p99 ${fmt.ms(m(ours, 'p99'))} (${delivered(ours).toFixed(2)}% delivered); ws-broadcast p50 ${fmt.ms(m(theirs, 'p50'))}, p99 ${fmt.ms(m(theirs, 'p99'))} (${delivered(theirs).toFixed(2)}%) → p99 ${fmt.ratio(ratio)} (target ≤ 2×)`,
  );
  // Memory from each server's first round: later rounds start with the previous round's garbage,
  // and a collection during the round can make the difference negative.
  const [oursIdle, theirsIdle] = [ours[0]!.bytesPerSubscriber, theirs[0]!.bytesPerSubscriber];
  console.log(`memory per idle subscriber (server RSS, first round): opsloop ${fmt.bytes(oursIdle)}, ws-broadcast ${fmt.bytes(theirsIdle)}`);
  const n = SUBSCRIBERS.toLocaleString('en-US');
  summary({
    work: `fan-out p50/p99, ${n} subscribers [${database.kind}]`,
    opsloop: `${fmt.ms(m(ours, 'p50'))} / ${fmt.ms(m(ours, 'p99'))}, ${delivered(ours).toFixed(1)}% delivered`,
    baseline: `${fmt.ms(m(theirs, 'p50'))} / ${fmt.ms(m(theirs, 'p99'))}, ${delivered(theirs).toFixed(1)}%`,
    ratio: `p99 ${fmt.ratio(ratio)}`,
    target: '≤ 2×, 100%',
  });
  summary({ work: `memory per idle subscriber [${database.kind}]`, opsloop: fmt.bytes(oursIdle), baseline: fmt.bytes(theirsIdle), ratio: fmt.ratio(oursIdle / theirsIdle), target: 'reported' });
} finally {
  for (const server of servers.reverse()) await server.stop();
  await database.drop();
}
