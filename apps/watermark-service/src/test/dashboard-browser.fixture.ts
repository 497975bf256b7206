import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { DataSource } from 'typeorm';

export const ROOT = resolve(__dirname, '../../../..');

/** Screenshots the dashboard tests keep as artifacts (tmp/ is not committed; CI can upload it). */
export const ARTIFACTS = join(ROOT, 'tmp/test-artifacts/watermark-service-dashboard');

/** The bundles the browser test runs as real processes. */
export const appMain = (app: 'cli' | 'watermark-service') => join(ROOT, `dist/apps/${app}/main.js`);

/** Debian's Chromium (`apt-get install chromium`), headless, with nothing that phones home. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A full-page PNG of `page` under ARTIFACTS; its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, name);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * A pending watermark written straight into a SQLite watermark store, for a
 * table key the API refuses: what an older version or a hand edit could have
 * left there. The dashboard must show it as text all the same.
 */
export async function plantWatermark(sqliteFile: string, pipeline: string, table: string): Promise<void> {
  const store = await new DataSource({ type: 'better-sqlite3', database: sqliteFile }).initialize();
  try {
    const now = new Date().toISOString();
    await store.query(
      'INSERT INTO tidemark_watermarks (pipeline, table_key, created_at, updated_at, version) VALUES (?, ?, ?, ?, 1)',
      [pipeline, table, now, now],
    );
  } finally {
    await store.destroy();
  }
}
