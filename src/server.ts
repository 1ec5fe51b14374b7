// buildServer(): the server's assembly and lifecycle. One runtime (config, database, events,
// logger, clock, jobs) is opened at start and handed to everything below; the routes and the
// scheduled jobs of the product are named here, in one place. Building is separate from
// listening: {start, stop}.
import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createAuthenticator } from './auth/authenticate.js';
import type { Config } from './config.js';
import { attachGraphqlWs, type GraphqlWs } from './graphql/ws.js';
import { createYogaApp, GRAPHQL_PATH, type YogaApp } from './graphql/yoga.js';
import { healthRoutes } from './http/health.js';
import { createHttpServer } from './http/node-server.js';
import { dashboardRoutes } from './http/dashboard.js';
import { graphiqlAssetsRoute } from './http/graphiql.js';
import { metricsRoute } from './http/metrics.js';
import type { HttpRoute } from './http/routes.js';
import { scheduleJobs, type JobDefinition, type ScheduledJobs } from './jobs/scheduler.js';
import type { Logger } from './logger.js';
import type { Viewer } from './auth/viewer.js';
import { countQueue } from './modules/approvals/action-reads.service.js';
import { notificationStats } from './modules/approvals/notifications/relay.js';
import { findRun } from './modules/cycle/cycle-runs.service.js';
import { registerDomainMetrics } from './observability/domain-metrics.js';
import { approvalExpiryJob, notificationRelayJob } from './modules/approvals/approvals.jobs.js';
import { auditKeyRoute, prepareAuditKey } from './modules/approvals/audit-key.route.js';
import { chatopsRoute } from './modules/approvals/chatops/chatops.route.js';
import { autoCycleJob } from './modules/cycle/cycle.jobs.js';
import { abandonedRunsJob, recoverInterruptedRuns } from './modules/cycle/cycle-recovery.js';
import { recordUser } from './modules/identity/users.service.js';
import { calibrateThresholdsJob, feedbackEffectivenessJob } from './modules/learning/learning.jobs.js';
import { registerLearningReactions } from './modules/learning/reactions.js';
import { registerChangeReactions } from './modules/changes/reactions.js';
import { DASHBOARD_DIR } from './paths.js';
import { buildSchema } from './schema.js';
import type { PreparedDataDir } from './db/adapter.js';
import { openRuntime, type Clock, type OpenRuntime, type Runtime } from './runtime.js';

/** Every scheduled job of the product. */
const JOBS: JobDefinition[] = [approvalExpiryJob, notificationRelayJob, autoCycleJob, feedbackEffectivenessJob, calibrateThresholdsJob, abandonedRunsJob];

/** Every plain HTTP route next to /graphql. */
function routesOf(rt: Runtime): HttpRoute[] {
  return [...healthRoutes(rt), metricsRoute(rt), graphiqlAssetsRoute(), chatopsRoute(rt), auditKeyRoute(rt), ...dashboardRoutes(DASHBOARD_DIR)];
}

/** The identity metrics read with: the reads are ops reads, on behalf of no user. */
const METRICS_READER: Viewer = { username: 'system:metrics', role: 'VIEWER', instId: null, expiresAt: Number.MAX_SAFE_INTEGER };

/** In-process reactions of one module to another's changes, and the domain metrics' reads. */
function registerReactions(rt: Runtime): void {
  registerLearningReactions(rt);
  registerChangeReactions(rt);
  registerDomainMetrics(rt, {
    pendingApprovals: () => countQueue(rt, METRICS_READER, { status: 'PENDING_APPROVAL' }),
    outbox: () => notificationStats(rt),
    cycleRun: async (runId) => {
      const run = await findRun(rt, runId);
      const steps = Array.isArray(run.steps) ? (run.steps as Array<{ name: string; processed: number; leftForHuman: number }>) : [];
      return { status: run.status, durationMs: run.finishedAt ? run.finishedAt.getTime() - run.startedAt.getTime() : null, steps };
    },
  });
}

export interface OpsloopServer {
  start(): Promise<{ port: number; url: string }>;
  stop(): Promise<void>;
  /** The running server's runtime (after start). */
  readonly runtime: Runtime;
  /** Runs one scheduled job now, under its lock (tests and operators), instead of waiting for it. */
  runJob(name: string): Promise<unknown>;
}

export interface ServerOptions {
  clock?: Clock;
  logger?: Logger;
  /** The embedded data folder prepared ahead (src/main.ts), used by the first start. */
  preparedDataDir?: PreparedDataDir;
}

interface Running {
  runtime: OpenRuntime;
  http: Server;
  ws: GraphqlWs;
  yoga: YogaApp;
  sockets: Set<Socket>;
  jobs?: ScheduledJobs;
}

export function buildServer(config: Config, options: ServerOptions = {}): OpsloopServer {
  let running: Running | undefined;
  let preparedDataDir = options.preparedDataDir; // its lock is handed to the first start only
  const current = (): Running => {
    if (!running) throw new Error('server not started');
    return running;
  };

  return {
    get runtime() {
      return current().runtime;
    },
    async runJob(name) {
      const job = JOBS.find((definition) => definition.name === name);
      if (!job) throw new Error(`no job named ${name}`);
      const { runtime } = current();
      const outcome = await runtime.jobs.runExclusively(job.name, () => job.run(runtime));
      return outcome.ran ? outcome.value : undefined;
    },
    async start() {
      const runtime = await openRuntime(config, { clock: options.clock, logger: options.logger, migrate: true, preparedDataDir });
      preparedDataDir = undefined;
      try {
        await prepareAuditKey(runtime);
        running = await listen(config, runtime);
      } catch (error) {
        await runtime.close();
        throw error;
      }
      await recoverInterruptedRuns(runtime);
      if (config.jobsEnabled) running.jobs = scheduleJobs(runtime, JOBS);
      const { port } = running.http.address() as AddressInfo;
      const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
      return { port, url: `http://${host}:${port}${GRAPHQL_PATH}` };
    },
    async stop() {
      if (!running) return;
      const stopping = running;
      running = undefined;
      await stopRunning(stopping);
    },
  };
}

/**
 * Stops accepting, lets in-flight HTTP requests finish, closes sockets, lets runs in progress
 * (scheduled, or a cycle an ADMIN triggered) finish, then closes events and the database.
 */
async function stopRunning({ runtime, http, ws, yoga, sockets, jobs }: Running): Promise<void> {
  await jobs?.stop();
  const closed = new Promise<void>((resolve) => http.close(() => resolve()));
  http.closeIdleConnections();
  await ws.close();
  await yoga.dispose(); // ends the SSE subscription streams (src/graphql/event-stream.ts)
  const force = setTimeout(() => {
    for (const socket of sockets) socket.destroy();
  }, 10_000);
  await closed;
  clearTimeout(force);
  await runtime.close();
}

/** Opens the transports on the runtime and binds the port. */
async function listen(config: Config, runtime: OpenRuntime): Promise<Running> {
  registerReactions(runtime);
  const authenticate = createAuthenticator(config, (viewer) => recordUser(runtime, viewer));
  const yoga = createYogaApp(runtime, buildSchema(), authenticate);
  const http = createHttpServer({ graphqlPath: GRAPHQL_PATH, maxBodyBytes: config.maxBodyBytes, routes: routesOf(runtime), graphql: yoga, logger: runtime.logger });
  const sockets = new Set<Socket>();
  http.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.port, config.host, () => resolve());
  });
  // Attached once listening: a busy port is then the server's error, not the WebSocket server's.
  const ws = attachGraphqlWs(http, yoga, authenticate, runtime);
  return { runtime, http, ws, yoga, sockets };
}
