// The Node HTTP server: a request id on every request, the plain routes, and GraphQL through
// yoga's own Node handling. The body is read here once, within MAX_BODY_BYTES, and handed to yoga.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '../logger.js';
import { isJsonContentType } from '../graphql/request-policy.js';
import { requestScope } from '../logger.js';
import { sendJson, type HttpRoute } from './routes.js';

/** What the GraphQL handler needs from yoga: its Node request handling. */
export interface NodeGraphqlHandler {
  requestListener(request: IncomingMessage, response: ServerResponse): unknown;
}

export interface HttpServerOptions {
  graphqlPath: string;
  maxBodyBytes: number;
  routes: HttpRoute[];
  graphql: NodeGraphqlHandler;
  logger: Logger;
}

export function createHttpServer(options: HttpServerOptions): Server {
  const { graphqlPath, maxBodyBytes, routes, graphql, logger } = options;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    const route = routes.find((r) => r.path === pathname || (r.prefix === true && pathname.startsWith(r.path)));
    if (route) {
      if (request.method !== route.method) return sendJson(response, 405, { error: `use ${route.method}` });
      const body = await readBody(request, maxBodyBytes);
      if (body === 'too-large') return sendJson(response, 413, { error: `body larger than ${maxBodyBytes} bytes` });
      return route.handle(request, body, response);
    }
    if (pathname !== graphqlPath) return sendJson(response, 404, { error: 'not found', graphql: graphqlPath });
    if (request.method === 'POST') {
      const body = await readBody(request, maxBodyBytes);
      if (body === 'too-large') {
        return sendJson(response, 413, {
          errors: [{ message: `request body larger than ${maxBodyBytes} bytes`, extensions: { code: 'BAD_USER_INPUT' } }],
        });
      }
      // whatwg-node takes an already-read body from `request.body` instead of the consumed stream,
      // and a parsed JSON object as it is: yoga then reads no body stream at all.
      (request as IncomingMessage & { body?: unknown }).body = isJsonContentType(request.headers['content-type']) ? parsedJsonObject(body) ?? body : body;
    }
    await graphql.requestListener(request, response);
  }

  return createServer((request, response) => {
    const requestId = headerValue(request.headers['x-request-id']) ?? randomUUID();
    response.setHeader('x-request-id', requestId);
    requestScope.run({ requestId }, () => {
      handle(request, response).catch((error) => {
        logger.error({ err: error }, 'http handler failed');
        if (!response.headersSent) sendJson(response, 500, { error: 'internal error', requestId });
        else response.destroy();
      });
    });
  });
}

/** The body as a JSON object with at least one key; undefined for anything else (yoga reports it). */
function parsedJsonObject(body: Buffer): object | undefined {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return value !== null && typeof value === 'object' && Object.keys(value).length > 0 ? value : undefined;
  } catch {
    return undefined;
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  const single = Array.isArray(value) ? value[0] : value;
  return single && /^[\w.-]{1,128}$/.test(single) ? single : undefined;
}

async function readBody(request: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) {
    request.resume();
    return 'too-large';
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      request.resume();
      return 'too-large';
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
