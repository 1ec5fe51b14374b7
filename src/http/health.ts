// Liveness and readiness for load balancers and orchestrators. Readiness follows the database: a
// replica that cannot reach it answers 503 (take it out of rotation). A Redis outage is reported
// but keeps the replica in: 200 {status:'degraded', redis:'down'} — queries and mutations work and
// this replica's own subscribers still get its events; Redis is shared, so pulling every replica
// out for it would turn a partial outage (no cross-replica live events) into a total one.
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
        const redis = rt.events.redisStatus();
        const events = redis === 'none' ? {} : { redis };
        try {
          await rt.db.$queryRaw`SELECT 1`;
          if (redis === 'down') sendJson(response, 200, { status: 'degraded', redis, reason: 'Redis unreachable: live events reach only this replica\'s subscribers' });
          else sendJson(response, 200, { status: 'ready' });
        } catch (error) {
          rt.logger.warn({ reason: error instanceof Error ? error.message.split('\n').slice(-1)[0] : String(error) }, 'readiness check failed: database unreachable');
          sendJson(response, 503, { status: 'unavailable', reason: 'database unreachable', ...events });
        }
      },
    },
  ];
}
