// Structured logs (pino). The request id of the current HTTP request or socket operation is
// attached to every line through AsyncLocalStorage.
import { AsyncLocalStorage } from 'node:async_hooks';
import pino from 'pino';

export const requestScope = new AsyncLocalStorage<{ requestId: string }>();

export const logger = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: { service: 'opsloop' },
  mixin: () => {
    const scope = requestScope.getStore();
    return scope ? { requestId: scope.requestId } : {};
  },
});

export type Logger = typeof logger;
