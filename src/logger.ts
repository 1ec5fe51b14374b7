// Structured logs (pino). The request id of the current HTTP request or socket operation is
// attached to every line through AsyncLocalStorage (request-scoped, not process state).
import { AsyncLocalStorage } from 'node:async_hooks';
import pino from 'pino';

export const requestScope = new AsyncLocalStorage<{ requestId: string }>();

export function createLogger(level: string) {
  return pino({
    level,
    base: { service: 'opsloop' },
    mixin: () => {
      const scope = requestScope.getStore();
      return scope ? { requestId: scope.requestId } : {};
    },
  });
}

export type Logger = ReturnType<typeof createLogger>;

/** LOG_LEVEL if it names a level (the configuration reports a bad one; this must not throw first). */
function levelFromEnvironment(): string {
  const level = process.env.LOG_LEVEL;
  return level && (level === 'silent' || level in pino.levels.values) ? level : 'info';
}

/** For scripts and the few places that run before a runtime exists. */
export const logger: Logger = createLogger(levelFromEnvironment());
