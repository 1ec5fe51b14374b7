// Checks before start-up that the external services the settings name answer, each within a few
// seconds, so that a wrong URL stops the process with one clear line instead of a server that
// starts and then retries (Redis), fails on the first token (JWKS) or waits (PostgreSQL).
import net from 'node:net';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { Config } from './config.js';
import { databaseProblem, errorCode, listenProblem, StartupError } from './startup-errors.js';

const TIMEOUT_MS = 5_000;

export async function checkExternalServices(config: Config, timeoutMs = TIMEOUT_MS): Promise<void> {
  await Promise.all([
    config.databaseUrl ? checkDatabase(config.databaseUrl, timeoutMs) : undefined,
    config.redisUrl ? checkRedis(config.redisUrl, timeoutMs) : undefined,
    config.jwt.jwksUrl ? checkJwks(config.jwt.jwksUrl, timeoutMs) : undefined,
  ]);
}

/**
 * Whether HOST:PORT can be listened on, before the database is opened: the server's own listen
 * error would arrive seconds later, and through the WebSocket server's noisy error report.
 */
export async function checkListenAddress(config: Config): Promise<void> {
  if (config.port === 0) return;
  const probe = net.createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen({ port: config.port, host: config.host, exclusive: true }, resolve);
    });
  } catch (error) {
    throw listenProblem(error, config) ?? error;
  } finally {
    await new Promise((resolve) => probe.close(resolve));
  }
}

async function checkDatabase(databaseUrl: string, timeoutMs: number): Promise<void> {
  const url = new URL(databaseUrl);
  url.searchParams.delete('schema');
  const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: timeoutMs });
  client.on('error', () => {}); // reported by connect() below
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw databaseProblem(error, databaseUrl) ?? new StartupError('DATABASE_URL', `cannot use PostgreSQL at ${safeUrl(databaseUrl)}: ${oneLine(error)}`);
  } finally {
    await client.end().catch(() => {});
  }
}

async function checkRedis(redisUrl: string, timeoutMs: number): Promise<void> {
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  let lastError: unknown;
  redis.on('error', (error) => (lastError = error)); // without a listener ioredis prints each one
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    const cause = lastError ?? error;
    const code = errorCode(cause);
    const reason = code === 'ECONNREFUSED' ? 'connection refused' : code === 'ENOTFOUND' ? 'host not found' : oneLine(cause);
    throw new StartupError('REDIS_URL', `cannot reach Redis at ${safeUrl(redisUrl)} (${reason}); start Redis, correct REDIS_URL, or unset it for in-process events (one replica)`);
  } finally {
    redis.disconnect();
  }
}

async function checkJwks(jwksUrl: string, timeoutMs: number): Promise<void> {
  let problem: string | undefined;
  try {
    const response = await fetch(jwksUrl, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
    if (!response.ok) problem = `HTTP ${response.status}`;
    else {
      const body = (await response.json().catch(() => undefined)) as { keys?: unknown } | undefined;
      if (!Array.isArray(body?.keys) || body.keys.length === 0) problem = 'the answer is not a key set with keys';
    }
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause ?? error;
    const code = errorCode(cause);
    problem =
      code === 'ECONNREFUSED' ? 'connection refused'
      : code === 'ENOTFOUND' ? 'host not found'
      : (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms`
      : oneLine(cause);
  }
  if (problem) {
    throw new StartupError('JWKS_URL', `cannot fetch the key set from ${safeUrl(jwksUrl)} (${problem}); correct JWKS_URL or check that the identity provider is reachable`);
  }
}

/** A URL without its password. */
function safeUrl(value: string): string {
  const url = new URL(value);
  if (url.password) url.password = '***';
  return url.toString();
}

function oneLine(error: unknown): string {
  return String((error as Error | undefined)?.message ?? error).split('\n')[0]!;
}
