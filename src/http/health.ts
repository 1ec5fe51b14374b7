// Liveness and readiness for load balancers and orchestrators.
import type { Runtime } from '../runtime.js';
import { sendJson, type HttpRoute } from './routes.js';

export function healthRoutes(rt: Runtime): HttpRoute[] {
  return [
    {
      method: 'GET',
      path: '/healthz',
      handle: async (_request, _body, response) => sendJson(response, 200, { status: 'ok' }),
    },
    {
      method: 'GET',
      path: '/readyz',
      handle: async (_request, _body, response) => {
        try {
          await rt.db.$queryRaw`SELECT 1`;
          sendJson(response, 200, { status: 'ready' });
        } catch (error) {
          rt.logger.warn({ err: error }, 'readiness check failed');
          sendJson(response, 503, { status: 'unavailable', reason: 'database unreachable' });
        }
      },
    },
  ];
}
