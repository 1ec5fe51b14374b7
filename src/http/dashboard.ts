// GET /dashboard and /dashboard/*: the live approval dashboard (dashboard/, built by
// `npm run build:dashboard` into dist/dashboard/). Hashed assets are cached for a year; any other
// path is the SPA's index.html, revalidated each time, so a deploy is picked up at once.
// Precompressed .br/.gz files from the build are sent when the client accepts them.
import { createReadStream, type Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import { sendJson, type HttpRoute } from './routes.js';

export const DASHBOARD_PATH = '/dashboard';

/** Where `npm run build:dashboard` writes, from this file in src/http/ (pass the folder when built elsewhere). */
export const DEFAULT_DASHBOARD_DIR = fileURLToPath(new URL('../../dist/dashboard', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.webmanifest', '.svg', '.txt']);

// The SPA talks to /graphql (HTTP and WebSocket) on its own origin and loads nothing from elsewhere.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Vite's output names: `assets/<name>-<hash>.<ext>`. */
const HASHED_ASSET = /^assets\/[^/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;

export type DashboardHandler = (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;

/** The server's routes for the dashboard: /dashboard itself and every path under /dashboard/. */
export function dashboardRoutes(assetsDir: string = DEFAULT_DASHBOARD_DIR): HttpRoute[] {
  const serve = createDashboardHandler(assetsDir);
  const handle: HttpRoute['handle'] = async (request, _body, response) => {
    if (!(await serve(request, response))) sendJson(response, 404, { error: 'not found' });
  };
  return [
    { method: 'GET', path: DASHBOARD_PATH, handle },
    { method: 'GET', path: `${DASHBOARD_PATH}/`, prefix: true, handle },
  ];
}

/**
 * Serves the built dashboard from `assetsDir` (e.g. `dist/dashboard`). Resolves true when it
 * answered the request (its path is /dashboard or under it), false to let the next handler run.
 */
export function createDashboardHandler(assetsDir: string): DashboardHandler {
  const root = path.resolve(assetsDir);

  return async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== DASHBOARD_PATH && !url.pathname.startsWith(`${DASHBOARD_PATH}/`)) return false;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      response.end('use GET');
      return true;
    }

    let relative: string;
    try {
      relative = decodeURIComponent(url.pathname.slice(DASHBOARD_PATH.length)).replace(/^\/+/, '');
    } catch {
      return sendText(response, 400, 'bad path');
    }
    const file = path.resolve(root, relative);
    if (relative.includes('\0') || (file !== root && !file.startsWith(root + path.sep))) return sendText(response, 404, 'not found');

    const found = relative && path.extname(relative) ? await fileStats(file) : null;
    if (found) {
      const cache = HASHED_ASSET.test(relative) ? 'public, max-age=31536000, immutable' : 'no-cache';
      await sendFile(request, response, file, found, cache);
      return true;
    }
    // A missing asset is a 404, not the page: a script tag must never receive HTML.
    if (relative.startsWith('assets/') || (path.extname(relative) && path.extname(relative) !== '.html')) {
      return sendText(response, 404, 'not found');
    }
    const index = path.join(root, 'index.html');
    const indexStats = await fileStats(index);
    if (!indexStats) return sendText(response, 503, 'The dashboard is not built: run `npm run build:dashboard`.');
    response.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
    response.setHeader('referrer-policy', 'no-referrer');
    response.setHeader('x-frame-options', 'DENY');
    await sendFile(request, response, index, indexStats, 'no-cache');
    return true;
  };
}

async function fileStats(file: string): Promise<Stats | null> {
  try {
    const stats = await stat(file);
    return stats.isFile() ? stats : null;
  } catch {
    return null;
  }
}

async function sendFile(request: IncomingMessage, response: ServerResponse, file: string, stats: Stats, cacheControl: string) {
  const extension = path.extname(file);
  const etag = `W/"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}"`;
  response.setHeader('content-type', CONTENT_TYPES[extension] ?? 'application/octet-stream');
  response.setHeader('cache-control', cacheControl);
  response.setHeader('etag', etag);
  response.setHeader('x-content-type-options', 'nosniff');
  if (COMPRESSIBLE.has(extension)) response.setHeader('vary', 'accept-encoding');
  if (request.headers['if-none-match'] === etag) {
    response.writeHead(304);
    response.end();
    return;
  }

  const accepted = acceptedEncodings(request.headers['accept-encoding']);
  let source = file;
  let encoding: 'br' | 'gzip' | null = null;
  let length: number | null = stats.size;
  if (COMPRESSIBLE.has(extension)) {
    for (const candidate of ['br', 'gzip'] as const) {
      if (!accepted.has(candidate)) continue;
      const compressed = await fileStats(`${file}.${candidate === 'br' ? 'br' : 'gz'}`);
      if (compressed) {
        source = `${file}.${candidate === 'br' ? 'br' : 'gz'}`;
        encoding = candidate;
        length = compressed.size;
        break;
      }
    }
    // Not precompressed (small files, or a build without the plugin): gzip on the fly.
    if (!encoding && accepted.has('gzip') && stats.size > 1024) {
      encoding = 'gzip';
      length = null;
    }
  }
  if (encoding) response.setHeader('content-encoding', encoding);
  if (length !== null) response.setHeader('content-length', length);
  response.writeHead(200);
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  const stream = createReadStream(source);
  if (encoding === 'gzip' && source === file) await pipeline(stream, createGzip(), response);
  else await pipeline(stream, response);
}

function acceptedEncodings(header: string | string[] | undefined): Set<string> {
  const accepted = new Set<string>();
  for (const part of (Array.isArray(header) ? header.join(',') : header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (name && !(q && Number(q.slice(2)) === 0)) accepted.add(name);
  }
  return accepted;
}

function sendText(response: ServerResponse, status: number, text: string): true {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text), 'x-content-type-options': 'nosniff' });
  response.end(text);
  return true;
}
