// A real headless Chromium (the system's Debian `chromium`, driven by playwright-core) and the
// built dashboard, served by its own route module in front of a test server.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createDashboardHandler } from '../../src/http/dashboard.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumAvailable = existsSync(CHROMIUM);
export const ARTIFACTS = path.resolve('test-artifacts');
export const DASHBOARD_DIST = path.resolve('dist/dashboard');

let built = false;

/** Builds dashboard/ into dist/dashboard (what `npm run build:dashboard` does), once per test file. */
export function buildDashboard(): void {
  if (built) return;
  built = true;
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'dashboard/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
}

export interface TestBrowser {
  context: BrowserContext;
  page: Page;
  /** Saves a full-page screenshot to test-artifacts/<name>.png and returns its path. */
  screenshot(name: string, page?: Page): Promise<string>;
  close(): Promise<void>;
}

/** One browser process with a fresh profile (a second call is a second, independent browser). */
export async function launchBrowser(viewport = { width: 1280, height: 800 }): Promise<TestBrowser> {
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'opsloop-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  if (process.env.OPSLOOP_DEBUG_BROWSER) {
    page.on('console', (message) => console.error(`[browser] ${message.type()}: ${message.text()}`));
    page.on('websocket', (socket) => {
      console.error(`[ws] open ${socket.url()}`);
      socket.on('framereceived', (frame) => console.error(`[ws] <- ${String(frame.payload).slice(0, 160)}`));
      socket.on('close', () => console.error('[ws] closed'));
    });
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    context,
    page,
    async screenshot(name, target = page) {
      const file = path.join(ARTIFACTS, `${name}.png`);
      await target.screenshot({ path: file, fullPage: true });
      return file;
    },
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export interface DashboardFront {
  /** http://127.0.0.1:<port> — open `${origin}/dashboard`. */
  origin: string;
  /** The backend port /graphql (HTTP and WebSocket) is forwarded to; change it to follow a restart. */
  target: number;
  /** While true, WebSocket upgrades are refused (a client stays disconnected). */
  holdWebSockets: boolean;
  close(): Promise<void>;
}

/**
 * The dashboard route (src/http/dashboard.ts) on its own port, forwarding everything else —
 * /graphql over HTTP and WebSocket — to the test server, as one origin for the browser.
 * With `serveDashboard: false` /dashboard is forwarded too (the server's own route answers it);
 * the front then only lets a test hold WebSockets back.
 */
export async function startDashboardFront(target: number, options: { serveDashboard?: boolean } = {}): Promise<DashboardFront> {
  const serveDashboard = options.serveDashboard === false ? async () => false : createDashboardHandler(DASHBOARD_DIST);
  const sockets = new Set<Socket>();
  const front: DashboardFront = { origin: '', target, holdWebSockets: false, close: async () => {} };

  const server: Server = createServer(async (request, response) => {
    if (await serveDashboard(request, response)) return;
    const upstream = httpRequest(
      { host: '127.0.0.1', port: front.target, method: request.method, path: request.url, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => {
      if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' });
      response.end('backend unavailable');
    });
    request.pipe(upstream);
  });

  server.on('upgrade', (request: IncomingMessage, client: Socket, head: Buffer) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    if (front.holdWebSockets) return client.destroy();
    const backend = connect(front.target, '127.0.0.1');
    sockets.add(backend);
    backend.on('close', () => sockets.delete(backend));
    backend.on('connect', () => {
      const lines = [`${request.method} ${request.url} HTTP/1.1`];
      for (let i = 0; i < request.rawHeaders.length; i += 2) lines.push(`${request.rawHeaders[i]}: ${request.rawHeaders[i + 1]}`);
      backend.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length) backend.write(head);
      backend.pipe(client);
      client.pipe(backend);
    });
    const end = () => {
      client.destroy();
      backend.destroy();
    };
    backend.on('error', end);
    client.on('error', end);
    backend.on('close', end);
    client.on('close', end);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  front.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  front.close = async () => {
    for (const socket of sockets) socket.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return front;
}

/** Opens the dashboard signed in with `token` (through the #token= fragment). */
export async function openDashboard(page: Page, front: DashboardFront, token: string, pathname = '/dashboard/'): Promise<void> {
  // From a blank page: a load of its own every time (on the same path, a new #token= alone would
  // only be a same-document navigation, and the page would keep its previous session).
  await page.goto('about:blank');
  await page.goto(`${front.origin}${pathname}#token=${encodeURIComponent(token)}`);
}
