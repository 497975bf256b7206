import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { makeTempDir } from '@tidemark/testing';
import { closeWatermarkDataSource, openWatermarkDataSource, WatermarkStore } from '@tidemark/watermark-store';
import { reportingStoreFailures } from './store-unavailable';

describe('reportingStoreFailures on a SQLite store another process keeps locked', () => {
  it('says the store stayed locked by another process, and records nothing', async () => {
    const dir = makeTempDir();
    const options = { type: 'sqlite' as const, path: join(dir.path, 'wm.sqlite'), busyTimeoutSeconds: 1 };
    const dataSource = await openWatermarkDataSource(options);
    // Another process in the middle of a long write: it holds the file's write lock.
    const other = await new DataSource({ type: 'better-sqlite3', database: options.path }).initialize();
    try {
      const api = reportingStoreFailures(new WatermarkStore(dataSource), `SQLite ${options.path}`);
      const id = { pipeline: 'p', table: 'shop.orders' };
      await other.query('BEGIN IMMEDIATE');
      await expect(api.setCursor(id, { timestamp: '2025-01-01 00:00:00.000000' }, 'test')).rejects.toThrow(
        `the watermark store (SQLite ${options.path}) stayed locked by another process for longer than ` +
          'watermarkStore.busyTimeoutSeconds, so this step was not recorded; run again once that process is done',
      );
      await other.query('COMMIT');
      expect(await api.history(id)).toEqual([]);
    } finally {
      await other.destroy();
      await closeWatermarkDataSource(dataSource, options);
      dir.remove();
    }
  });
});
