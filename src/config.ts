// Validated environment. Every setting of DESIGN.md "Interfaces" lives here, nowhere else.
import { createPrivateKey, type KeyObject } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';

const optionalString = z
  .string()
  .optional()
  .transform((value) => (value && value.trim() !== '' ? value.trim() : undefined));

const booleanFlag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', ''])
    .optional()
    .transform((value) => (value === undefined || value === '' ? fallback : value === 'true' || value === '1'));

/** A port: unset means the default; empty is a mistake (it would silently mean "any free port"). */
const portNumber = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((value, context) => {
      if (value === undefined) return fallback;
      const port = /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
      if (!(port >= 0 && port <= 65535)) {
        context.addIssue({ code: 'custom', message: `expected a port number from 1 to 65535 (0: any free port), or unset for ${fallback}` });
        return z.NEVER;
      }
      return port;
    });

const positiveNumber = (fallback: number) =>
  z.coerce.number().positive().finite().optional().default(fallback);

/** A duration: seconds ("3600"), or a number with s, m, h or d ("90m", "24h"); in seconds. */
const durationSeconds = (fallback: string) =>
  z
    .string()
    .optional()
    .transform((value, context) => {
      const match = /^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)?\s*$/.exec(value ?? fallback);
      const seconds = match ? Number(match[1]) * { s: 1, m: 60, h: 3600, d: 86_400 }[(match[2] ?? 's') as 's'] : Number.NaN;
      if (!(seconds > 0 && seconds <= 366 * 86_400)) {
        context.addIssue({ code: 'custom', message: `expected a duration such as 3600, 90m, 24h or 7d (at most 366d), or unset for ${fallback}` });
        return z.NEVER;
      }
      return Math.round(seconds);
    });

/** An Ed25519 private key as PEM (PKCS#8) or as a JWK (JSON with "d"); the parsed key. */
const ed25519PrivateKey = optionalString.transform((value, context): KeyObject | undefined => {
  if (value === undefined) return undefined;
  try {
    const key = value.startsWith('{') ? createPrivateKey({ key: JSON.parse(value) as import('node:crypto').JsonWebKey, format: 'jwk' }) : createPrivateKey(value.replace(/\\n/g, '\n'));
    if (key.asymmetricKeyType === 'ed25519') return key;
  } catch {
    // reported below
  }
  context.addIssue({ code: 'custom', message: 'expected an Ed25519 private key: PEM (openssl genpkey -algorithm ed25519) or a JWK with "d", or unset to generate one in DATA_DIR' });
  return z.NEVER;
});

/** Optional positive minutes: undefined means "derive from other settings". */
const optionalMinutes = z.coerce.number().positive().finite().optional();

const ConfigSchema = z.object({
  NODE_ENV: z.string().optional().default('development'),
  PORT: portNumber(4000),
  HOST: z.string().trim().min(1, 'expected a listen address such as 0.0.0.0 or 127.0.0.1, or unset').default('0.0.0.0'),
  DATA_DIR: z.string().trim().min(1, 'expected a folder, or unset for ./data').default('./data'),
  DATABASE_URL: optionalString.pipe(
    z.url({ protocol: /^postgres(ql)?$/, error: 'expected postgresql://user:password@host:5432/database, or unset for the embedded database' }).optional(),
  ),
  REDIS_URL: optionalString.pipe(z.url({ protocol: /^rediss?$/, error: 'expected redis://host:6379, or unset for in-process events' }).optional()),
  JWT_SECRET: optionalString,
  JWT_ISSUER: z.string().default('opsloop'),
  JWT_AUDIENCE: z.string().default('opsloop'),
  JWKS_URL: optionalString.pipe(z.url({ protocol: /^https?$/, error: 'expected the https:// URL of a JSON Web Key Set, or unset' }).optional()),
  JWT_MAX_LIFETIME: durationSeconds('24h'),
  JWT_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  RATE_LIMIT_COST_PER_MINUTE: z.coerce.number().int().min(0).default(20_000),
  WS_AUTH_GRACE_SECONDS: z.coerce.number().min(0.1).max(3600).default(10),
  WS_MAX_SUBSCRIPTIONS_PER_SOCKET: z.coerce.number().int().min(1).max(100_000).default(100),
  WS_MAX_CONNECTIONS_PER_USER: z.coerce.number().int().min(1).max(100_000).default(50),
  APPROVAL_TTL_MINUTES: positiveNumber(30),
  APPROVAL_EXPIRING_WARNING_MINUTES: positiveNumber(5),
  APPROVAL_ESCALATE_AFTER_MINUTES: optionalMinutes,
  APPROVAL_MAX_WAIT_MINUTES: optionalMinutes,
  APPROVAL_DELEGATION_MAX_DAYS: z.coerce.number().positive().max(366).default(30),
  AUDIT_SIGNING_KEY: ed25519PrivateKey,
  AUTO_CYCLE_INTERVAL_MINUTES: positiveNumber(5),
  AUTO_PROCESSING_ENABLED: booleanFlag(true),
  AUTO_ESCALATE_BEFORE_MINUTES: positiveNumber(30),
  SLA_HOURS_P1: positiveNumber(4),
  SLA_HOURS_P2: positiveNumber(8),
  SLA_HOURS_P3: positiveNumber(24),
  SLA_HOURS_P4: positiveNumber(72),
  FOUR_EYES: booleanFlag(true),
  CRITICAL_QUORUM: z.coerce.number().int().min(1).max(10).default(1),
  OPS_WEBHOOK_URL: optionalString.pipe(z.url().optional()),
  CHATOPS_SECRET: optionalString,
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
  WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(1).max(3_600_000).default(2_000),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  // Unset: on in development, off when NODE_ENV=production (see loadConfig).
  GRAPHIQL: z.enum(['true', 'false', '1', '0', '']).optional(),
  INTROSPECTION: z.enum(['true', 'false', '1', '0', '']).optional(),
  CORS_ORIGINS: optionalString.refine(
    (value) => value === undefined || value.split(',').every((origin) => /^https?:\/\/[^/\s,]+$/.test(origin.trim())),
    'must be a comma-separated list of origins such as https://ops.example.com (scheme and host, no path)',
  ),
  METRICS_TOKEN: optionalString,
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  OTEL_SERVICE_NAME: z.string().default('opsloop'),
  JOBS_ENABLED: booleanFlag(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MAX_BODY_BYTES: z.coerce.number().int().positive().default(100_000),
  RECURRENCE_WINDOW_DAYS: positiveNumber(30),
  RECURRENCE_ESCALATION_COUNT: z.coerce.number().int().min(2).max(1000).default(3),
  RECURRENCE_SIMILARITY: z.coerce.number().gt(0).max(1).default(0.55),
  FEEDBACK_WINDOW_DAYS: positiveNumber(14),
  CALIBRATION_MIN_OUTCOMES: z.coerce.number().int().min(1).max(10_000).default(5),
  LEARNING_JOB_INTERVAL_MINUTES: positiveNumber(1440),
  CAUSE_WINDOW_HOURS: z.coerce.number().positive().max(8760).default(72),
  CAUSE_RECORD_MIN_SCORE: z.coerce.number().min(0).max(1).default(0.5),
  TRUSTED_DOCUMENTS: z.enum(['off', 'allow', 'require'], { error: 'expected off, allow (persisted ids alongside ad-hoc documents) or require (only documents of the manifest)' }).default('off'),
  TRUSTED_DOCUMENTS_MANIFEST: z.string().trim().min(1, 'expected the path of a persisted-documents JSON file, or unset for dist/trusted-documents.json').default('dist/trusted-documents.json'),
});

export type Config = ReturnType<typeof loadConfig>;

/** An invalid setting; the message is one line that names it and what to do. */
export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env) {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = issue.path.join('.');
      const value = env[name];
      // Secrets are named, never echoed.
      const shown = /SECRET|TOKEN|PASSWORD|SIGNING_KEY/.test(name) || value === undefined ? '' : `=${JSON.stringify(shorten(value))}`;
      return `${name}${shown}: ${issue.message.replace(/\s+/g, ' ')}`;
    });
    throw new ConfigError(`invalid configuration: ${problems.join('; ')} (fix the setting, or unset it for its default)`);
  }
  return settingsFrom(parsed.data);
}

type Parsed = z.output<typeof ConfigSchema>;

function settingsFrom(c: Parsed) {
  const production = c.NODE_ENV === 'production';
  const flag = (value: string | undefined) => (value === undefined || value === '' ? !production : value === 'true' || value === '1');
  return {
    env: c.NODE_ENV,
    port: c.PORT,
    host: c.HOST,
    dataDir: path.resolve(c.DATA_DIR),
    databaseUrl: c.DATABASE_URL,
    redisUrl: c.REDIS_URL,
    jwt: {
      secret: c.JWT_SECRET,
      issuer: c.JWT_ISSUER,
      audience: c.JWT_AUDIENCE,
      jwksUrl: c.JWKS_URL,
      /** Longest accepted token lifetime (exp - iat), seconds. */
      maxLifetimeSeconds: c.JWT_MAX_LIFETIME,
      /** Clock difference tolerated between the token issuer and this server, seconds. */
      clockSkewSeconds: c.JWT_CLOCK_SKEW_SECONDS,
    },
    /** Per-user budget of query cost (src/graphql/limits.ts weights) per minute; 0 turns it off. */
    rateLimitCostPerMinute: c.RATE_LIMIT_COST_PER_MINUTE,
    webSocket: {
      /** A socket without a valid identity is closed (4401) after this many seconds. */
      authGraceSeconds: c.WS_AUTH_GRACE_SECONDS,
      maxSubscriptionsPerSocket: c.WS_MAX_SUBSCRIPTIONS_PER_SOCKET,
      maxConnectionsPerUser: c.WS_MAX_CONNECTIONS_PER_USER,
    },
    ...operationsSettings(c),
    chatopsSecret: c.CHATOPS_SECRET,
    graphiql: flag(c.GRAPHIQL),
    introspection: flag(c.INTROSPECTION),
    /** Origins allowed to call the API from a browser (CORS); none cross-origin when empty. */
    corsOrigins: (c.CORS_ORIGINS ?? '').split(',').map((origin) => origin.trim()).filter(Boolean),
    /** When set, GET /metrics requires `Authorization: Bearer <METRICS_TOKEN>`. */
    metricsToken: c.METRICS_TOKEN,
    tracing: { endpoint: c.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: c.OTEL_SERVICE_NAME },
    jobsEnabled: c.JOBS_ENABLED,
    logLevel: c.LOG_LEVEL,
    maxBodyBytes: c.MAX_BODY_BYTES,
    /** Which documents run: any (off), manifest ids too (allow), or only the manifest's (require). */
    trustedDocuments: { mode: c.TRUSTED_DOCUMENTS, manifest: path.resolve(c.TRUSTED_DOCUMENTS_MANIFEST) },
    learning: learningSettings(c),
    changes: {
      /** Actions that ran this long before a problem's or incident's first occurrence are its candidate causes. */
      causeWindowHours: c.CAUSE_WINDOW_HOURS,
      /** When an escalation opens a problem, its top probable cause is recorded (and named in the ops message) from this score. */
      recordMinScore: c.CAUSE_RECORD_MIN_SCORE,
    },
  };
}

function approvalSettings(c: Parsed) {
  const ttlMinutes = c.APPROVAL_TTL_MINUTES;
  const maxWaitMinutes = c.APPROVAL_MAX_WAIT_MINUTES ?? Math.max(24 * 60, 4 * ttlMinutes);
  if (maxWaitMinutes < ttlMinutes) {
    throw new ConfigError(
      `invalid configuration: APPROVAL_MAX_WAIT_MINUTES=${maxWaitMinutes}: must be at least APPROVAL_TTL_MINUTES (${ttlMinutes}) (fix the setting, or unset it for its default)`,
    );
  }
  return {
    ttlMinutes,
    expiringWarningMinutes: c.APPROVAL_EXPIRING_WARNING_MINUTES,
    fourEyes: c.FOUR_EYES,
    criticalQuorum: c.CRITICAL_QUORUM,
    /** A pending action is escalated once this long after its submission (default half the TTL). */
    escalateAfterMinutes: c.APPROVAL_ESCALATE_AFTER_MINUTES ?? ttlMinutes / 2,
    /** Extensions never move a deadline further than this from the submission. */
    maxWaitMinutes,
    /** Longest delegation window (until - start), days. */
    delegationMaxDays: c.APPROVAL_DELEGATION_MAX_DAYS,
  };
}

function operationsSettings(c: Parsed) {
  return {
  approvals: approvalSettings(c),
  /** The Ed25519 key that signs the audit chain; unset: generated once in DATA_DIR (audit-key.ts). */
  auditSigningKey: c.AUDIT_SIGNING_KEY,
  autoCycle: {
    intervalMinutes: c.AUTO_CYCLE_INTERVAL_MINUTES,
    enabled: c.AUTO_PROCESSING_ENABLED,
    /** Requests whose SLA deadline is this close (or past) are escalated by the cycle. */
    escalateBeforeMinutes: c.AUTO_ESCALATE_BEFORE_MINUTES,
  },
  /** Hours from filing to the SLA deadline, per priority. */
  slaHours: { P1: c.SLA_HOURS_P1, P2: c.SLA_HOURS_P2, P3: c.SLA_HOURS_P3, P4: c.SLA_HOURS_P4 },
  opsWebhookUrl: c.OPS_WEBHOOK_URL,
  webhook: {
    maxAttempts: c.WEBHOOK_MAX_ATTEMPTS,
    retryBaseMs: c.WEBHOOK_RETRY_BASE_MS,
    timeoutMs: c.WEBHOOK_TIMEOUT_MS,
  },
  };
}

function learningSettings(c: Parsed) {
  return {
    /** Recurrence window: patterns seen within it are matched, and escalation counts within it. */
    recurrenceWindowDays: c.RECURRENCE_WINDOW_DAYS,
    /** Occurrences within the window that escalate a pattern to a Problem. */
    escalationCount: c.RECURRENCE_ESCALATION_COUNT,
    /** Minimum keyword similarity (0..1) for a recurrence match. */
    similarityThreshold: c.RECURRENCE_SIMILARITY,
    /** Days after a KB solution is applied before its effectiveness is checked. */
    feedbackWindowDays: c.FEEDBACK_WINDOW_DAYS,
    /** Labelled outcomes a threshold needs before calibration moves it. */
    calibrationMinOutcomes: c.CALIBRATION_MIN_OUTCOMES,
    /** Interval of the learning jobs (effectiveness check, calibrate-all): daily by default. */
    jobIntervalMinutes: c.LEARNING_JOB_INTERVAL_MINUTES,
  };
}

function shorten(value: string): string {
  const oneLine = value.replace(/\s+/g, ' ').replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
  return oneLine.length > 80 ? `${oneLine.slice(0, 77)}...` : oneLine;
}
