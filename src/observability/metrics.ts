// Prometheus metrics (prom-client), one registry per runtime. GraphQL operations are counted and
// timed by the operation observer (src/graphql/observe.ts); sockets by the graphql-ws wiring;
// domain counters follow the live events as they are published; domain gauges are read from the
// database at scrape time through the owning modules (registered by the server's assembly).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Operation names come from clients: a bounded set of label values, the rest are "other". */
const MAX_OPERATION_LABELS = 500;

export class Metrics {
  readonly registry = new Registry();
  private readonly operationNames = new Set<string>();

  readonly operations = new Counter({
    name: 'opsloop_graphql_operations_total',
    help: 'GraphQL operations by operation name, type and outcome (OK or the first error code).',
    labelNames: ['operation', 'type', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly operationDuration = new Histogram({
    name: 'opsloop_graphql_operation_duration_seconds',
    help: 'Duration of GraphQL queries and mutations (subscriptions: until established).',
    labelNames: ['operation', 'type', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly errors = new Counter({
    name: 'opsloop_graphql_errors_total',
    help: 'GraphQL errors returned to clients, by extensions.code.',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  readonly wsConnections = new Gauge({
    name: 'opsloop_ws_connections',
    help: 'Open graphql-ws connections.',
    registers: [this.registry],
  });

  readonly subscriptions = new Gauge({
    name: 'opsloop_subscriptions_active',
    help: 'Active GraphQL subscriptions (graphql-ws).',
    registers: [this.registry],
  });

  readonly httpRequests = new Counter({
    name: 'opsloop_http_requests_total',
    help: 'Plain HTTP routes (not /graphql) by path and status.',
    labelNames: ['path', 'status'] as const,
    registers: [this.registry],
  });

  readonly decisions = new Counter({
    name: 'opsloop_approval_decisions_total',
    help: 'Approval decisions taken on this replica, by outcome (APPROVED, REJECTED).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly expirations = new Counter({
    name: 'opsloop_approvals_expired_total',
    help: 'Pending actions that lapsed unanswered (expired on this replica).',
    registers: [this.registry],
  });

  readonly escalations = new Counter({
    name: 'opsloop_approvals_escalated_total',
    help: 'Pending actions escalated as overdue (once each; escalated on this replica).',
    registers: [this.registry],
  });

  readonly extensions = new Counter({
    name: 'opsloop_approvals_extended_total',
    help: 'Deadline extensions of pending actions (on this replica).',
    registers: [this.registry],
  });

  readonly submissionsPending = new Counter({
    name: 'opsloop_approvals_submitted_total',
    help: 'Actions that entered the approval queue on this replica.',
    registers: [this.registry],
  });

  readonly calibrations = new Counter({
    name: 'opsloop_threshold_calibrations_total',
    help: 'Anomaly thresholds adjusted by calibration on this replica.',
    registers: [this.registry],
  });

  readonly cycleRuns = new Counter({
    name: 'opsloop_auto_cycle_runs_total',
    help: 'Auto-processing cycle runs finished on this replica, by status.',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });

  readonly cycleDuration = new Histogram({
    name: 'opsloop_auto_cycle_duration_seconds',
    help: 'Duration of auto-processing cycle runs.',
    buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
    registers: [this.registry],
  });

  readonly cycleItems = new Counter({
    name: 'opsloop_auto_cycle_items_total',
    help: 'Work items of the auto cycle by step and outcome (processed, leftForHuman).',
    labelNames: ['step', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly eventsDropped = new Counter({
    name: 'opsloop_events_dropped_total',
    help: 'Live events whose copy for the other replicas was dropped (Redis unreachable), by topic and reason; local subscribers still got them.',
    labelNames: ['topic', 'reason'] as const,
    registers: [this.registry],
  });

  readonly rateLimited = new Counter({
    name: 'opsloop_rate_limited_total',
    help: 'Operations refused RATE_LIMITED (per-user cost budget per minute), by transport.',
    labelNames: ['transport'] as const,
    registers: [this.registry],
  });

  readonly wsRefused = new Counter({
    name: 'opsloop_ws_refused_total',
    help: 'graphql-ws sockets closed or operations refused by a budget (auth grace, per-user connections, per-socket subscriptions).',
    labelNames: ['budget'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'opsloop_' });
  }

  /** A gauge whose value is read when Prometheus scrapes (e.g. a count in the database). */
  gauge(name: string, help: string, labelNames: string[], read: () => Promise<Array<{ labels?: Record<string, string>; value: number }>>): void {
    new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const { labels, value } of await read()) {
          if (labels) this.set(labels, value);
          else this.set(value);
        }
      },
    });
  }

  /** The label for a client's operation name: bounded in count and shape. */
  operationLabel(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name)) return 'other';
    if (this.operationNames.has(name)) return name;
    if (this.operationNames.size >= MAX_OPERATION_LABELS) return 'other';
    this.operationNames.add(name);
    return name;
  }
}
