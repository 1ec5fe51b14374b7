// The live approval dashboard in a real headless Chromium against a real server: people sign in
// with their tokens, watch the queue change live, decide actions, preview risk, read the learning
// loop, and keep a correct queue across a server restart. Screenshots land in test-artifacts/.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { buildServer, type OpsloopServer } from '../src/server.js';
import { graphql } from './generated/index.js';
import { AT_RISK, ApprovalsAction, ApprovalsSubmit } from './helpers/approvals.js';
import { buildDashboard, chromiumAvailable, launchBrowser, openDashboard, startDashboardFront, type DashboardFront, type TestBrowser } from './helpers/browser.js';
import { createTestDatabase, testRedisUrl, type TestDatabase } from './helpers/database.js';
import { postGraphQL, queryText, startTestServer, type TestServer, type UserClient } from './helpers/server.js';
import { TEST_SERVER_ENV, tokenFor } from './helpers/tokens.js';

const DashboardTestOutcome = graphql(`
  mutation DashboardTestOutcome($input: AnomalyOutcomeInput!) {
    recordAnomalyOutcome(input: $input) { id }
  }
`);

const DashboardTestCalibrate = graphql(`
  mutation DashboardTestCalibrate($input: DetectorInput!) {
    calibrateThreshold(input: $input) { adjusted newThreshold previousThreshold }
  }
`);

const DashboardTestPending = graphql(`
  query DashboardTestPending {
    autoQueue(status: PENDING_APPROVAL, first: 100) { totalCount }
  }
`);

const DashboardTestApprove = graphql(`
  mutation DashboardTestApprove($id: ID!, $comment: String) {
    approveAction(id: $id, comment: $comment) { id status }
  }
`);

const item = (id: string) => `[data-action-id="${id}"]`;

/** Waits until the element shows `text` (as a user would wait for it to appear). */
async function hasText(locator: Locator, text: string, timeout = 5_000): Promise<void> {
  await locator.filter({ hasText: text }).first().waitFor({ timeout });
}

/** One operation over HTTP to the server on `port` (the restart test builds its own server). */
async function call<T, V>(port: number, document: TypedDocumentNode<T, V>, variables: V, token: string): Promise<T> {
  const result = await postGraphQL<T>(`http://127.0.0.1:${port}/graphql`, queryText(document), variables, token);
  if (result.errors?.length) throw new Error(JSON.stringify(result.errors));
  return result.data as T;
}

// A browser test waits on a real browser and server: generous timeouts for a busy CI machine.
describe.skipIf(!chromiumAvailable)('dashboard in headless Chromium', { timeout: 60_000 }, () => {
  let server: TestServer;
  let front: DashboardFront;
  let engineer: TestBrowser;
  let viewer: TestBrowser;
  let alice: UserClient;
  let bob: UserClient;
  let vera: UserClient;
  let ada: UserClient;

  beforeAll(async () => {
    buildDashboard();
    server = await startTestServer();
    front = await startDashboardFront(server.port);
    alice = await server.as('alice', 'ENGINEER');
    bob = await server.as('bob', 'ENGINEER');
    vera = await server.as('vera', 'VIEWER');
    ada = await server.as('ada', 'ADMIN');
    [engineer, viewer] = await Promise.all([launchBrowser(), launchBrowser()]);
  });

  afterAll(async () => {
    await Promise.all([engineer?.close(), viewer?.close()]);
    await front?.close();
    await server?.stop();
  });

  it('serves the SPA at /dashboard: index.html for every page, hashed assets immutable and precompressed', async () => {
    const index = await fetch(`${front.origin}/dashboard/history?days=7`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toContain('text/html');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const html = await index.text();
    const script = /src="(\/dashboard\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeTruthy();
    const asset = await fetch(`${front.origin}${script}`, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('text/javascript');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(asset.headers.get('content-encoding')).toBe('br');
    expect((await asset.text()).length).toBeGreaterThan(1000); // fetch decodes br
    expect((await fetch(`${front.origin}/dashboard/assets/missing-00000000.js`)).status).toBe(404);
    expect((await fetch(`${front.origin}/dashboard/..%2F..%2Fpackage.json`)).status).toBe(404);
  });

  it('shows an ENGINEER a HIGH action submitted by someone else within seconds; the approval with a comment is stored, and a VIEWER sees it leave live', async () => {
    await openDashboard(engineer.page, front, bob.token);
    await openDashboard(viewer.page, front, vera.token);
    for (const page of [engineer.page, viewer.page]) {
      await page.locator('[data-connection="live"]').waitFor({ timeout: 10_000 });
    }
    await hasText(engineer.page.locator('header'), 'bob');
    await hasText(engineer.page.locator('header'), 'ENGINEER');
    // The fragment never stays in the address bar (nor reaches the server).
    expect(new URL(engineer.page.url()).hash).toBe('');

    const { submitAction } = await alice.data(ApprovalsSubmit, { input: { ...AT_RISK.HIGH, description: 'release 4.2 to billing' } });
    expect(submitAction.riskLevel).toBe('HIGH');
    const started = Date.now();
    const card = engineer.page.locator(item(submitAction.id));
    await card.waitFor({ timeout: 5_000 });
    const seenWithin = Date.now() - started;
    await viewer.page.locator(item(submitAction.id)).waitFor({ timeout: 5_000 });
    expect(seenWithin).toBeLessThan(5_000);
    await hasText(card, 'DEPLOY');
    await hasText(card, 'billing-api');
    await hasText(card, 'PROD');
    await hasText(card, 'alice');
    await hasText(card, 'environment'); // a risk factor by name
    // VIEWERs read the queue but get no decision buttons.
    expect(await viewer.page.locator(item(submitAction.id)).getByRole('button', { name: 'Approve' }).count()).toBe(0);
    await engineer.screenshot('queue-engineer');

    await card.getByLabel('Comment (optional)').fill('looks good, go ahead');
    await card.getByRole('button', { name: 'Approve' }).click();
    await engineer.page.locator(item(submitAction.id)).waitFor({ state: 'detached', timeout: 5_000 });
    await viewer.page.locator(item(submitAction.id)).waitFor({ state: 'detached', timeout: 5_000 });

    const { autoAction } = await ada.data(ApprovalsAction, { id: submitAction.id });
    expect(autoAction).toMatchObject({ status: 'APPROVED', approvedBy: 'bob', comment: 'looks good, go ahead' });
    await viewer.screenshot('queue-viewer-after-approval');
  });

  it('lists history by status and day, a page at a time, and opens an action with its audit trail', async () => {
    for (let i = 0; i < 21; i++) await alice.data(ApprovalsSubmit, { input: { ...AT_RISK.LOW, description: `routine restart ${i}` } });
    await openDashboard(engineer.page, front, bob.token, '/dashboard/history');
    const rows = engineer.page.locator('[data-history-id]');
    // A filter or page change re-renders after the click returns: wait for the rows the user
    // would end up seeing, not the first rows on screen (which may still be the previous list's).
    const settlesAt = (count: number) => expect.poll(() => rows.count(), { timeout: 5_000 }).toBe(count);
    await settlesAt(20);
    await engineer.page.getByRole('button', { name: 'Next page' }).click();
    await engineer.page.getByText('Page 2').waitFor();
    await settlesAt(2); // 21 routine restarts and the approved deploy
    await engineer.page.getByRole('button', { name: 'Previous page' }).click();
    await engineer.page.getByText('Page 1').waitFor();

    await engineer.page.getByLabel('Status').selectOption('APPROVED');
    await engineer.page.getByLabel('Days').selectOption('1');
    await settlesAt(1);
    await hasText(rows, 'DEPLOY');
    await engineer.screenshot('history-approved');
    await rows.first().getByRole('link').click();
    const trail = engineer.page.locator('[data-audit-trail]');
    await hasText(trail, 'looks good, go ahead');
    await hasText(trail, 'PENDING_APPROVAL → APPROVED');
    expect(await engineer.page.locator('[data-comment]').textContent()).toBe('looks good, go ahead');
    await engineer.screenshot('action-detail');
  });

  it('shows the requester the four-eyes refusal inline when they try to approve their own action', async () => {
    await openDashboard(engineer.page, front, bob.token);
    await engineer.page.locator('[data-connection="live"]').waitFor();
    const { submitAction } = await bob.data(ApprovalsSubmit, { input: { ...AT_RISK.HIGH, description: 'my own release' } });
    const card = engineer.page.locator(item(submitAction.id));
    await card.waitFor({ timeout: 5_000 });
    // By keyboard: focus the button and press Enter.
    await card.getByRole('button', { name: 'Approve' }).focus();
    await engineer.page.keyboard.press('Enter');
    const alert = card.getByRole('alert');
    await hasText(alert, 'four-eyes');
    await hasText(alert, 'FORBIDDEN');
    expect((await ada.data(ApprovalsAction, { id: submitAction.id })).autoAction.status).toBe('PENDING_APPROVAL');
    const { submitAction: critical } = await alice.data(ApprovalsSubmit, { input: { ...AT_RISK.CRITICAL, targetCount: 12 } });
    await engineer.page.locator(item(critical.id)).waitFor({ timeout: 5_000 });
    await engineer.screenshot('queue-four-eyes'); // the README's docs/dashboard.png
  });

  it('previews CRITICAL for DELETE_DATA in PROD before anything is submitted', async () => {
    const before = (await ada.data(DashboardTestPending)).autoQueue.totalCount;
    await openDashboard(engineer.page, front, bob.token);
    await engineer.page.getByRole('link', { name: 'Submit action' }).click();
    await engineer.page.getByLabel('Action type').fill('DELETE_DATA');
    await engineer.page.getByLabel('Description').fill('purge invoices older than 7 years');
    await engineer.page.getByLabel('Target', { exact: true }).fill('invoices');
    await engineer.page.getByLabel('Environment').selectOption('PROD');
    const preview = engineer.page.locator('[data-preview-risk="CRITICAL"]');
    await preview.waitFor({ timeout: 5_000 });
    await hasText(preview, 'Needs approval');
    await hasText(preview, 'destructiveInEnvironment');
    expect((await ada.data(DashboardTestPending)).autoQueue.totalCount).toBe(before);
    await engineer.screenshot('submit-preview-critical');
  });

  it('gives a REQUESTER the "not allowed" page, and an expired token the "expired" page', async () => {
    const requester = await launchBrowser({ width: 390, height: 844 });
    try {
      await openDashboard(requester.page, front, await tokenFor('rita', 'REQUESTER'));
      const notice = requester.page.locator('[data-page="not-allowed"]');
      await notice.waitFor({ timeout: 5_000 });
      expect(await notice.getByRole('heading').textContent()).toBe('Not allowed');
      expect(await requester.page.locator('[data-action-id]').count()).toBe(0);
      await requester.screenshot('requester-not-allowed');

      await requester.page.evaluate(() => sessionStorage.clear());
      const expired = await tokenFor('bob', 'ENGINEER', { expiresIn: Math.floor(Date.now() / 1000) - 60 });
      await openDashboard(requester.page, front, expired);
      await requester.page.reload();
      await requester.page.locator('[data-page="expired"]').waitFor({ timeout: 5_000 });
    } finally {
      await requester.close();
    }
  });

  it('draws the threshold chart on the learning page after a calibration, live', async () => {
    await openDashboard(engineer.page, front, ada.token, '/dashboard/learning');
    await engineer.page.getByRole('heading', { name: 'Adaptive thresholds' }).waitFor();
    const detector = { source: 'web-01', metricType: 'cpu' };
    for (let i = 0; i < 6; i++) {
      await ada.data(DashboardTestOutcome, { input: { ...detector, baseThreshold: 80, wasActualIncident: i === 0 } });
    }
    const { calibrateThreshold } = await ada.data(DashboardTestCalibrate, { input: detector });
    expect(calibrateThreshold.adjusted).toBe(true);
    const chart = engineer.page.locator('[data-threshold-chart="web-01 · cpu"]');
    await chart.locator('polyline.adapted-line').waitFor({ timeout: 5_000 });
    expect(await chart.locator('line.base-line').count()).toBe(1);
    expect(Number(await chart.getAttribute('data-points'))).toBe(2);
    expect(await engineer.page.locator('[data-threshold-id] [data-precision]').first().textContent()).toMatch(/\d+%/);
    await engineer.screenshot('learning-threshold-chart');
  });

  it('runs the cycle for an ADMIN and shows it finish live', async () => {
    await openDashboard(engineer.page, front, ada.token, '/dashboard/cycle');
    await engineer.page.locator('[data-connection="live"]').waitFor();
    await engineer.page.getByRole('button', { name: 'Run now' }).click();
    await engineer.page.locator('[data-run-status="SUCCEEDED"]').first().waitFor({ timeout: 15_000 });
    await engineer.screenshot('cycle-run');
  });

  it('shows an escalated action with an OVERDUE badge and an extended deadline live; an ADMIN extends it from the card', async () => {
    await openDashboard(engineer.page, front, ada.token);
    await openDashboard(viewer.page, front, vera.token);
    for (const page of [engineer.page, viewer.page]) await page.locator('[data-connection="live"]').waitFor({ timeout: 10_000 });
    const { submitAction } = await alice.data(ApprovalsSubmit, { input: { ...AT_RISK.HIGH, description: 'release 4.3 to billing' } });
    const card = engineer.page.locator(item(submitAction.id));
    const watched = viewer.page.locator(item(submitAction.id));
    await card.waitFor({ timeout: 5_000 });
    expect(await card.locator('[data-escalated]').count()).toBe(0);

    // Overdue: as if it had waited 20 minutes (escalation after half the 30-minute TTL), then the sweep.
    await server.db.autoAction.update({ where: { id: submitAction.id }, data: { createdAt: new Date(Date.now() - 20 * 60_000) } });
    await server.runJob('approvals:expire');
    await watched.locator('[data-escalated]').waitFor({ timeout: 5_000 });
    await card.locator('[data-escalated]').waitFor({ timeout: 5_000 });

    await card.getByText('Extend the deadline').click();
    await card.getByLabel('Minutes').fill('45');
    await card.getByLabel('Reason').fill('waiting for the release notes');
    await card.getByRole('button', { name: 'Extend' }).click();
    const extended = new Date(new Date(submitAction.expiresAt!).getTime() + 45 * 60_000).toISOString();
    // The VIEWER's card follows the EXTENDED event: new deadline, extension count.
    await watched.locator(`[data-countdown][data-expires-at="${extended}"]`).waitFor({ timeout: 5_000 });
    await watched.locator('[data-extended="1"]').waitFor({ timeout: 5_000 });
    await card.locator('[data-extended="1"]').waitFor({ timeout: 5_000 });
    const { autoAction } = await ada.data(ApprovalsAction, { id: submitAction.id });
    expect(autoAction.expiresAt).toBe(extended);
    expect(autoAction.auditTrail.at(-1)!.comment).toContain('waiting for the release notes');
    await viewer.screenshot('queue-escalated-extended');
  });

  it('works at phone width and in Korean', async () => {
    await engineer.page.setViewportSize({ width: 390, height: 844 });
    await openDashboard(engineer.page, front, bob.token);
    await engineer.page.locator('[data-action-id]').first().waitFor();
    await engineer.page.getByRole('button', { name: 'Switch language to Korean' }).click();
    await engineer.page.getByRole('heading', { name: '승인 대기' }).waitFor();
    // Decision buttons keep their English name for automation.
    expect(await engineer.page.locator('[data-action-id]').first().getByRole('button', { name: 'Approve' }).count()).toBe(1);
    await engineer.screenshot('queue-phone-korean');
    await engineer.page.getByRole('button', { name: '언어를 영어로 전환' }).click();
    await engineer.page.setViewportSize({ width: 1280, height: 800 });
  });
});

describe.skipIf(!chromiumAvailable)('dashboard across a server restart', { timeout: 60_000 }, () => {
  let database: TestDatabase;
  let env: Record<string, string | undefined>;
  let server: OpsloopServer;
  let port: number;
  let front: DashboardFront;
  let browser: TestBrowser;

  beforeAll(async () => {
    buildDashboard();
    database = await createTestDatabase();
    // Approvals lapse in 4 minutes, inside the 5-minute EXPIRING warning: every card is highlighted.
    env = { ...process.env, ...TEST_SERVER_ENV, LOG_LEVEL: 'silent', ...(testRedisUrl ? { REDIS_URL: testRedisUrl } : {}), ...database.env, APPROVAL_TTL_MINUTES: '4' };
    server = buildServer(loadConfig(env));
    ({ port } = await server.start());
    front = await startDashboardFront(port);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await front?.close();
    await server?.stop();
    await database?.drop();
  });

  it('reconnects after the server restarts and re-reads the queue (changes made while it was away show up)', async () => {
    const [bobToken, aliceToken, adaToken] = await Promise.all([tokenFor('bob', 'ENGINEER'), tokenFor('alice', 'ENGINEER'), tokenFor('ada', 'ADMIN')]);
        const first = await call(port, ApprovalsSubmit, { input: AT_RISK.HIGH }, aliceToken);
    await openDashboard(browser.page, front, bobToken);
    await browser.page.locator(item(first.submitAction.id)).waitFor({ timeout: 10_000 });
    await browser.page.locator('[data-connection="live"]').waitFor();
    await hasText(browser.page.locator(`${item(first.submitAction.id)}.expiring`), 'EXPIRING');

    // Down: the page says so. Up again, but the page kept away until both changes are made.
    front.holdWebSockets = true;
    await server.stop();
    await browser.page.locator('[data-connection="reconnecting"]').waitFor({ timeout: 10_000 });
    await browser.screenshot('restart-reconnecting');
    server = buildServer(loadConfig({ ...env, PORT: String(port) }));
    await server.start();
    const second = await call(port, ApprovalsSubmit, { input: { ...AT_RISK.HIGH, description: 'submitted while the page was away' } }, aliceToken);
    await call(port, DashboardTestApprove, { id: first.submitAction.id, comment: 'decided while the page was away' }, adaToken);
    await browser.page.waitForTimeout(500);
    expect(await browser.page.locator('[data-connection="live"]').count()).toBe(0);

    front.holdWebSockets = false;
    await browser.page.locator('[data-connection="live"]').waitFor({ timeout: 15_000 });
    await browser.page.locator(item(second.submitAction.id)).waitFor({ timeout: 5_000 });
    await browser.page.locator(item(first.submitAction.id)).waitFor({ state: 'detached', timeout: 5_000 });
    await browser.screenshot('restart-reread');

    // And it is live again: a new action arrives by event.
    const third = await call(port, ApprovalsSubmit, { input: { ...AT_RISK.HIGH, description: 'after the restart' } }, aliceToken);
    await browser.page.locator(item(third.submitAction.id)).waitFor({ timeout: 5_000 });
  });
});
