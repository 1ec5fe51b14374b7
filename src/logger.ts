// Structured logs (pino). The request id of the current HTTP request or socket operation is
// attached to every line through AsyncLocalStorage (request-scoped, not process state).
import { AsyncLocalStorage } from 'node:async_hooks';
import pino from 'pino';

export const requestScope = new AsyncLocalStorage<{ requestId: string }>();

export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info') {
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

/** For scripts and the few places that run before a runtime exists (configuration errors). */
export const logger: Logger = createLogger();
