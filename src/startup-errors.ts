// Start-up failures an operator can fix: each becomes one line that names the setting and what to
// do (no stack trace). Anything not recognised here is a bug and keeps its stack.
import type { Config } from './config.js';
import { DataDirInUseError } from './db/adapter.js';

/** A setting that is valid but unusable (a service it names cannot be reached, …). */
export class StartupError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`${setting}: ${message}`);
  }
}

interface SystemError {
  code?: string;
  syscall?: string;
  address?: string;
  port?: number;
  hostname?: string;
  message?: string;
  errors?: SystemError[];
}

/** The code of a network error; connecting to `localhost` fails with an AggregateError of both families. */
export function errorCode(error: unknown): string | undefined {
  const system = error as SystemError | undefined;
  return system?.code ?? system?.errors?.find((inner) => inner.code)?.code;
}

/** A database URL without its password, for messages. */
export function describeDatabaseUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  return `${url.hostname}:${url.port || 5432}${url.pathname || '/'}`;
}

const NETWORK_PROBLEMS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name could not be resolved',
  ETIMEDOUT: 'timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'connection reset',
};

/** What PostgreSQL (or the network) said, as the problem and what to do about DATABASE_URL. */
export function databaseProblem(error: unknown, databaseUrl: string): StartupError | undefined {
  const code = errorCode(error);
  const where = describeDatabaseUrl(databaseUrl);
  const database = new URL(databaseUrl).pathname.slice(1) || 'postgres';
  if (code && NETWORK_PROBLEMS[code]) {
    return new StartupError('DATABASE_URL', `cannot reach PostgreSQL at ${where} (${NETWORK_PROBLEMS[code]}); start PostgreSQL or correct the host and port`);
  }
  if (code === '3D000') {
    return new StartupError('DATABASE_URL', `database "${database}" does not exist on ${where}; create it (createdb ${database}) or name an existing one`);
  }
  if (code === '28P01' || code === '28000') {
    return new StartupError('DATABASE_URL', `PostgreSQL at ${where} refused the credentials (${code}); correct the user and password`);
  }
  if (code === '3F000') {
    return new StartupError('DATABASE_URL', `the schema of ?schema= does not exist on ${where}; create it or correct the parameter`);
  }
  if (code === '42501') {
    return new StartupError('DATABASE_URL', `the user has no permission to create or read opsloop's tables on ${where}; grant it or use another user`);
  }
  if ((error as Error | undefined)?.message?.includes('timeout')) {
    return new StartupError('DATABASE_URL', `PostgreSQL at ${where} did not answer in time; check that it is up and reachable`);
  }
  return undefined;
}

/** Why HOST:PORT cannot be listened on, as what to do about PORT or HOST. */
export function listenProblem(error: unknown, config: Pick<Config, 'host' | 'port'>): StartupError | undefined {
  const system = error as SystemError;
  const code = errorCode(error);
  const at = `${config.host}:${config.port}`;
  if (code === 'EADDRINUSE') return new StartupError('PORT', `${at} is already in use; stop the process listening there or set PORT to a free port`);
  if (code === 'EACCES' && system?.syscall === 'listen') {
    return new StartupError('PORT', `not allowed to listen on ${at} (ports below 1024 need privileges); set PORT to 1024 or above`);
  }
  if (code === 'EADDRNOTAVAIL') return new StartupError('HOST', `${config.host} is not an address of this machine; set HOST to one of its addresses, or 0.0.0.0`);
  if ((code === 'ENOTFOUND' || code === 'EAI_AGAIN') && system?.hostname === config.host) {
    return new StartupError('HOST', `${config.host} cannot be resolved; set HOST to an address of this machine, or 0.0.0.0`);
  }
  return undefined;
}

/** One line for an error of start-up, or undefined when it is not a matter of settings. */
export function describeStartupError(error: unknown, config: Config): string | undefined {
  if (error instanceof StartupError) return error.message;
  if (error instanceof DataDirInUseError) return `DATA_DIR: ${error.message}`;
  const listen = listenProblem(error, config);
  if (listen) return listen.message;
  if (config.databaseUrl) return databaseProblem(error, config.databaseUrl)?.message;
  return undefined;
}
