// Baseline (a): raw node:http answering `{ __typename }` for a verified HS256 bearer token with
// the same JSON as opsloop. PORT, JWT_SECRET, JWT_ISSUER, JWT_AUDIENCE from the environment.
import { createServer } from 'node:http';
import { readBody, send, UNAUTHENTICATED, verifyBearer } from './auth.js';

const ANSWER = JSON.stringify({ data: { __typename: 'Query' } });

const server = createServer(async (request, response) => {
  if (request.url === '/healthz') return send(response, 200, '{"status":"ok"}');
  const body = JSON.parse((await readBody(request)).toString('utf8')) as { query?: string };
  if (typeof body.query !== 'string') return send(response, 400, '{"errors":[{"message":"query missing"}]}');
  const viewer = await verifyBearer(request.headers.authorization);
  if (!viewer) return send(response, 401, UNAUTHENTICATED);
  send(response, 200, ANSWER);
});
server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1');
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
