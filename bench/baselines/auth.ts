// The hand-written servers' authentication: the same HS256 verification opsloop does (jose,
// pinned algorithm, required iss, aud, exp and sub, a known role), nothing cached.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { jwtVerify } from 'jose';

const ROLES = new Set(['ADMIN', 'PM', 'ENGINEER', 'VIEWER', 'REQUESTER']);
const key = new TextEncoder().encode(process.env.JWT_SECRET ?? '');
const options = {
  issuer: process.env.JWT_ISSUER ?? 'opsloop',
  audience: process.env.JWT_AUDIENCE ?? 'opsloop',
  requiredClaims: ['exp', 'sub'],
  algorithms: ['HS256'],
};

export interface BaselineViewer {
  username: string;
  role: string;
}

/** The viewer of `Authorization: Bearer <jwt>`; undefined when the token is missing or bad. */
export async function verifyBearer(header: string | undefined): Promise<BaselineViewer | undefined> {
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!match) return undefined;
  try {
    const { payload } = await jwtVerify(match[1]!, key, options);
    if (typeof payload.sub !== 'string' || typeof payload.role !== 'string' || !ROLES.has(payload.role)) return undefined;
    return { username: payload.sub, role: payload.role };
  } catch {
    return undefined;
  }
}

export function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** The content type opsloop answers to `accept: application/graphql-response+json, …`. */
export const GRAPHQL_RESPONSE_TYPE = 'application/graphql-response+json; charset=utf-8';

export function send(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, { 'content-type': GRAPHQL_RESPONSE_TYPE, 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

export const UNAUTHENTICATED = JSON.stringify({ errors: [{ message: 'unauthenticated', extensions: { code: 'UNAUTHENTICATED' } }] });
