// Plain HTTP endpoints next to /graphql. Each feature exports a route factory; the server's
// assembly (src/server.ts) lists them.
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface HttpRoute {
  method: 'GET' | 'POST';
  path: string;
  /** Also answers every path below `path` (which then ends with "/"). */
  prefix?: boolean;
  /** `body` is the raw request body (already size-limited). */
  handle(request: IncomingMessage, body: Buffer, response: ServerResponse): Promise<void>;
}

export function sendJson(response: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}
