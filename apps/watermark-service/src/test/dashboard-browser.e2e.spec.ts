import { spawnSync } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import {
  buildApps,
  makeTempDir,
  MYSQL,
  MysqlFixture,
  PostgresFixture,
  ServiceProcess,
  writeConfigFiles,
} from '@tidemark/testing';
import { HistoryEntry, ManifestSummary, millisFromCanonical } from '@tidemark/watermark-model';
import { formatSpan } from '../dashboard/age';
import { appMain, ARTIFACTS, launchChromium, plantWatermark, saveScreenshot } from './dashboard-browser.fixture';

const TOKEN = 'dashboard-token-0123456789';
const HOSTILE_ERROR = 'COPY failed: <img src=x onerror=alert(1)><script>alert(2)</script>';
const HOSTILE_HOLDER = 'loader-7 <script>alert(3)</script>';
const HOSTILE_TABLE = 'shop.<img src=x onerror=alert(4)><script>alert(5)</script>';

/** A page that records every dialog it opens and every request it sends. */
async function watchedPage(context: BrowserContext) {
  const page = await context.newPage();
  const dialogs: string[] = [];
  const requests: { method: string; url: string; authorization?: string }[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('request', (r) => requests.push({ method: r.method(), url: r.url(), authorization: r.headers()['authorization'] }));
  return { page, dialogs, requests };
}

const injected = (page: Page) => page.locator('#content img, #content script, #content iframe').count();

describe('the dashboard in a real headless Chromium', () => {
  let db: MysqlFixture;
  let pg: PostgresFixture;
  const dir = makeTempDir();
  let service: ServiceProcess;
  let browser: Browser;
  let table: string;
  let broken: string;
  let stateBefore: unknown;

  const api = async (path: string, method = 'GET', body?: object) => {
    const r = await fetch(`${service.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: body && JSON.stringify(body),
    });
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
    return r.status === 204 ? null : r.json();
  };
  const state = async () => ({
    watermarks: (await api('/export')).watermarks,
    history: await api(`/watermarks/default/${table}/history`),
    lease: await api(`/leases/default/${table}/load`),
  });
  const sync = (config: string) =>
    spawnSync('node', [appMain('cli'), '--config', config, '--service', service.url, 'sync', '-t', table], {
      encoding: 'utf8',
      env: { ...process.env, TIDEMARK_API_TOKEN: TOKEN, TEST_MYSQL_PASSWORD: MYSQL.password },
    });

  beforeAll(async () => {
    buildApps('watermark-service', 'cli');
    rmSync(ARTIFACTS, { recursive: true, force: true });
    db = await MysqlFixture.create('tm_dash');
    pg = await PostgresFixture.connect();
    table = `${db.database}.orders`;
    broken = `${db.database}.broken`;
    await db.exec('CREATE TABLE orders (id INT PRIMARY KEY, item VARCHAR(20), updated_at DATETIME(6) NOT NULL)');
    const columns = ['id', 'item', 'updated_at'];
    await db.insert('orders', columns, [1, 2, 3].map((id) => [id, `item ${id}`, `2025-08-01 10:00:00.00000${id}`]));
    service = await ServiceProcess.start(appMain('watermark-service'), {
      TIDEMARK_CONFIG: writeConfigFiles(dir.path, 'service-config'),
      TIDEMARK_API_TOKEN: TOKEN,
    });
    const cliConfig = writeConfigFiles(dir.path, 'cli-config');
    for (const ids of [[], [4, 5]]) {
      if (ids.length > 0) await db.insert('orders', columns, ids.map((id) => [id, `item ${id}`, `2025-08-01 10:00:05.00000${id}`]));
      const run = sync(cliConfig);
      if (run.status !== 0) throw new Error(`tidemark sync failed: ${run.stderr}`);
    }
    await api(`/watermarks/default/${broken}/extract/start`, 'POST', { strategy: 'hybrid' });
    await api(`/watermarks/default/${broken}/extract/fail`, 'POST', { error: HOSTILE_ERROR });
    await api('/leases', 'POST', { pipeline: 'default', table, stage: 'load', holder: HOSTILE_HOLDER, ttlSeconds: 600 });
    await plantWatermark(join(dir.path, 'service-config-state/watermarks.sqlite'), 'default', HOSTILE_TABLE);
    stateBefore = await state();
    browser = await launchChromium();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    await pg?.dropSchema(db.database);
    await pg?.close();
    await db?.drop();
    dir.remove();
  });

  describe('with the right token', () => {
    let context: BrowserContext;
    let watched: Awaited<ReturnType<typeof watchedPage>>;
    let page: Page;

    beforeAll(async () => {
      context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      watched = await watchedPage(context);
      page = watched.page;
    });
    afterAll(() => context?.close());

    it('asks for the token, then lists the synced table with both stages, rows and cursor age', async () => {
      const response = await page.goto(`${service.url}/dashboard`);
      expect(response?.status()).toBe(200);
      await page.locator('#login').waitFor();
      expect(await page.locator('#content').innerHTML()).toBe('');
      await page.fill('#token', TOKEN);
      await page.click('#login button[type=submit]');
      const row = page.locator(`tr[data-table="${table}"]`);
      await row.waitFor();
      const cell = (name: string) => row.locator(`.${name}`).textContent();
      expect(await cell('pipeline')).toBe('default');
      expect(await cell('extract-status')).toBe('success');
      expect(await cell('extract-cursor')).toBe('2025-08-01 10:00:05.000005, key (5)');
      expect(await cell('extract-rows')).toBe('5');
      expect(await cell('extract-lag')).toMatch(/^\d+ d \d+ h ago$/);
      expect(await cell('extract-last-run')).toMatch(/^\d+ (s|min) ago$/);
      expect(await cell('load-status')).toBe('success');
      expect(await cell('load-rows')).toBe('5');
      expect(await page.locator('#login').isHidden()).toBe(true);
    });

    it('shows a hostile last error and table name as text: no element injected, no dialog', async () => {
      const row = page.locator(`tr[data-table="${broken}"]`);
      expect(await row.locator('.extract-status').textContent()).toBe('failed');
      expect(await row.locator('.extract-error').textContent()).toBe(HOSTILE_ERROR);
      const planted = page.locator('tr.table-row').filter({ has: page.locator('td.table a', { hasText: '<script>' }) });
      expect(await planted.locator('td.table').textContent()).toBe(HOSTILE_TABLE);
      expect(await planted.getAttribute('data-table')).toBe(HOSTILE_TABLE);
      expect(await injected(page)).toBe(0);
      expect(watched.dialogs).toEqual([]);
      const shot = await saveScreenshot(page, 'dashboard.png');
      expect(statSync(shot).size).toBeGreaterThan(10_000);
    });

    it("charts the table's history, one point per change, and names the lease holder as text", async () => {
      await page.click(`tr[data-table="${table}"] td.table a`);
      await page.locator('svg.chart').first().waitFor();
      expect(new URL(page.url()).hash).toBe(`#/table?${new URLSearchParams({ pipeline: 'default', table })}`);
      const history = (await api(`/watermarks/default/${table}/history`)) as HistoryEntry[];
      expect(history.length).toBeGreaterThanOrEqual(4);
      const points = (series: string) => page.locator(`g.series[data-series="${series}"] circle.point`).count();
      expect(await points('rows loaded')).toBe(history.length);
      expect(await points('rows extracted')).toBe(history.length);
      expect(await points('extract cursor')).toBe(history.filter((h) => h.after.extract.cursor.timestamp !== null).length);
      const line = page.locator('g.series[data-series="rows loaded"] path.line');
      expect(await line.getAttribute('d')).toMatch(/^M[\d.]+ [\d.]+(H[\d.]+V[\d.]+)+$/);
      expect((await page.locator('svg.chart').first().boundingBox())?.width).toBeGreaterThan(300);
      expect(await page.locator('[data-stage="load"] .holder').textContent()).toBe(HOSTILE_HOLDER);
      expect(await page.locator('[data-stage="extract"]').textContent()).toContain('nobody holds it');
      expect(await page.locator('[data-stage="extract"]').textContent()).toContain('2025-08-01 10:00:05.000005, key (5)');
      // Freshness of the last load, from its manifest: loaded at loadedAt, oldest row committed at its min cursor.
      const manifests = (await api(`/watermarks/default/${table}/manifests`)) as ManifestSummary[];
      const last = manifests.filter((m) => m.loadedAt).sort((a, b) => (a.loadedAt as string).localeCompare(b.loadedAt as string)).at(-1) as ManifestSummary;
      const freshnessMs = Date.parse(last.loadedAt as string) - millisFromCanonical(last.minCursor.timestamp as string);
      expect(await page.locator('[data-stage="load"] .freshness-last').textContent()).toBe(formatSpan(freshnessMs));
      // Two loads, of which the first run's is not measured: read in key order, it carries no cursor time (ADR 0050).
      expect(await page.locator('[data-stage="load"] .freshness-loads').textContent()).toBe('1');
      expect(await injected(page)).toBe(0);
      expect(watched.dialogs).toEqual([]);
      expect(statSync(await saveScreenshot(page, 'dashboard-table.png')).size).toBeGreaterThan(10_000);
    });

    it('keeps the token for the tab: a reload shows the table again without asking', async () => {
      await page.reload();
      await page.locator('svg.chart').first().waitFor();
      expect(await page.locator('#login').isHidden()).toBe(true);
    });

    it('sent GET requests only, the token only in the Authorization header, and changed nothing', async () => {
      const sent = watched.requests.filter((r) => r.url.startsWith(service.url));
      expect(sent.map((r) => new URL(r.url).pathname)).toEqual(
        expect.arrayContaining(['/dashboard', '/dashboard/app.js', '/dashboard/app.css', '/dashboard/views/tables', '/dashboard/views/table']),
      );
      expect(sent.filter((r) => r.method !== 'GET')).toEqual([]);
      expect(sent.filter((r) => r.url.includes(TOKEN))).toEqual([]);
      const views = sent.filter((r) => new URL(r.url).pathname.startsWith('/dashboard/views/'));
      expect(views.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
      expect(await state()).toEqual(stateBefore);
    });
  });

  it('asks again, saying why, when the service refuses the token', async () => {
    const context = await browser.newContext();
    try {
      const { page } = await watchedPage(context);
      await page.goto(`${service.url}/dashboard`);
      await page.fill('#token', 'not-the-token-0123456789');
      await page.click('#login button[type=submit]');
      await page.locator('#login-message', { hasText: 'refused' }).waitFor();
      expect(await page.locator('#login-message').textContent()).toBe(
        'The service refused the token: the bearer token is not valid',
      );
      expect(await page.locator('#content').innerHTML()).toBe('');
      expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    } finally {
      await context.close();
    }
  });
});
