// GET /metrics in the Prometheus text format. With METRICS_TOKEN set, the scraper must send
// `Authorization: Bearer <METRICS_TOKEN>`.
import { timingSafeEqual } from 'node:crypto';
import type { Runtime } from '../runtime.js';
import { sendJson, type HttpRoute } from './routes.js';

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function metricsRoute(rt: Runtime): HttpRoute {
  const { registry } = rt.metrics;
  return {
    method: 'GET',
    path: '/metrics',
    async handle(request, _body, response) {
      const token = rt.config.metricsToken;
      if (token) {
        const header = request.headers.authorization ?? '';
        if (!header.startsWith('Bearer ') || !sameSecret(header.slice(7), token)) {
          response.setHeader('www-authenticate', 'Bearer realm="metrics"');
          return sendJson(response, 401, { error: 'metrics need Authorization: Bearer <METRICS_TOKEN>', code: 'UNAUTHENTICATED' });
        }
      }
      const body = await registry.metrics();
      response.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
      response.end(body);
    },
  };
}
