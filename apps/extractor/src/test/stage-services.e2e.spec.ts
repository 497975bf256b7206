import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import {
  buildApps,
  makeTempDir,
  MysqlFixture,
  PostgresFixture,
  ServiceProcess,
  waitUntil,
  writeConfigFiles,
} from '@tidemark/testing';
import { openWatermarkDataSource, WatermarkStore } from '@tidemark/watermark-store';

const ROOT = resolve(__dirname, '../../../..');
const ROWS = 80_000;

describe('the extractor and loader services (built, real processes)', () => {
  let db: MysqlFixture;
  let pg: PostgresFixture;
  let dir: ReturnType<typeof makeTempDir>;
  let config: string;
  let dataSource: DataSource;
  let store: WatermarkStore;
  let extractor: ServiceProcess | undefined;
  let table: string;
  const id = () => ({ pipeline: 'shop', table });
  // The cron is off until its own test: a scheduled run starting first would answer POST /runs with 409.
  const writeConfig = (schedule = '') =>
    writeConfigFiles(dir.path, 'config', {
      extra: 'extract: { targetFileBytes: 65536, rowGroupRows: 10000 }',
      pipelines: { shop: `connection: default\n${schedule}tables:\n  ${table}: { batchSize: 500 }\n` },
    });
  const start = (app: string) => ServiceProcess.start(join(ROOT, `dist/apps/${app}/main.js`), { TIDEMARK_CONFIG: config });

  beforeAll(async () => {
    buildApps('extractor', 'loader');
    db = await MysqlFixture.create('tm_stages');
    pg = await PostgresFixture.connect();
    dir = makeTempDir();
    table = `${db.database}.orders`;
    config = writeConfig();
    await db.exec('CREATE TABLE orders (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, note VARCHAR(64))');
    const rows = Array.from({ length: ROWS }, (_, i) => [i + 1, `2025-01-01 00:00:${String(i % 60).padStart(2, '0')}`, `order number ${i + 1}`]);
    await db.insert('orders', ['id', 'updated_at', 'note'], rows, 20_000);
    dataSource = await openWatermarkDataSource({ type: 'sqlite', path: join(dir.path, 'config-state/watermarks.sqlite') });
    store = new WatermarkStore(dataSource);
  });

  afterAll(async () => {
    await extractor?.stop();
    await dataSource?.destroy();
    await pg?.dropSchema(db.database);
    await pg?.close();
    await db?.drop();
    dir?.remove();
  });

  it('stops cleanly on SIGTERM in the middle of an extraction, committing only whole files', async () => {
    extractor = await start('extractor');
    const run = extractor.post('/runs', { pipeline: 'shop' }).catch(() => undefined);
    await waitUntil(async () => ((await store.get(id()))?.extract.rowsExtracted ?? 0) > 0, 60_000, 50);
    const stopped = await extractor.stop('SIGTERM');
    await run;
    expect(stopped.killed).toBe(false);
    expect(extractor.log).toContain('stopping 1 running extract run(s)');
    const w = await store.get(id());
    const manifests = await store.manifests(id());
    expect(w?.extract.rowsExtracted).toBeGreaterThan(0);
    expect(w?.extract.rowsExtracted).toBeLessThan(ROWS);
    expect(w?.extract.rowsExtracted).toBe(manifests.reduce((n, m) => n + m.rows, 0));
    for (const uri of manifests.flatMap((m) => m.fileUris)) expect(existsSync(new URL(uri))).toBe(true);
  });

  it('resumes on POST /runs and extracts the rest', async () => {
    extractor = await start('extractor');
    const response = await extractor.post('/runs', { pipeline: 'shop' });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { outcomes: Array<{ status: string }> };
    expect(body.outcomes.map((o) => o.status)).toEqual(['success']);
    expect((await store.get(id()))?.extract.rowsExtracted).toBe(ROWS);
  });

  it('extracts on its cron schedule', async () => {
    await extractor?.stop();
    writeConfig('schedule: { extract: "*/2 * * * * *" }\n');
    extractor = await start('extractor');
    await db.exec("INSERT INTO orders VALUES (?, '2025-01-02 00:00:00', 'scheduled')", [ROWS + 1]);
    await waitUntil(async () => (await store.get(id()))?.extract.rowsExtracted === ROWS + 1);
    expect((await store.get(id()))?.extract.rowsExtracted).toBe(ROWS + 1);
    await extractor?.stop();
  });

  it('answers 400 for a bad pipeline name and a clear error for an unknown one', async () => {
    const loader = await start('loader');
    try {
      const bad = await loader.post('/runs', { pipeline: '../etc' });
      expect(bad.status).toBe(400);
      const unknown = await loader.post('/runs', { pipeline: 'nope' });
      expect(unknown.status).toBe(400);
      expect(((await unknown.json()) as { message: string }).message).toBe('pipeline "nope" is not defined in config/pipelines/ (known: shop)');
    } finally {
      await loader.stop();
    }
  });

  it('the loader service loads every extracted row into PostgreSQL', async () => {
    const loader = await start('loader');
    try {
      const response = await loader.post('/runs', { pipeline: 'shop' });
      const body = (await response.json()) as { outcomes: Array<{ status: string; result: { load: { rowsStaged: number } } }> };
      expect(body.outcomes[0].status).toBe('success');
      const [{ n }] = await pg.rows<{ n: string }>(`SELECT COUNT(*) AS n FROM "${db.database}".orders`);
      expect(Number(n)).toBe(ROWS + 1);
    } finally {
      await loader.stop();
    }
  });
});
