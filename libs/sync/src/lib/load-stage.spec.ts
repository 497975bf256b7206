import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SyncHarness } from '../test/sync-harness.fixture';
import {
  makeTempDir,
  MysqlFixture,
  mysqlDigest,
  PostgresFixture,
  postgresDigest,
  RealServers,
} from '@tidemark/testing';
import { testConfig } from '../test/test-config.fixture';
import {
  closeWatermarkDataSource,
  ManifestEntity,
  openWatermarkDataSource,
  WatermarkEntity,
} from '@tidemark/watermark-store';

const COLUMNS = ['id', 'updated_at', 'v'];

describe('TableLoader on real PostgreSQL', () => {
  let servers: RealServers;
  let db: MysqlFixture;
  let pg: PostgresFixture;
  let dir: ReturnType<typeof makeTempDir>;
  let ctx: SyncHarness;
  let key: string;

  beforeAll(async () => {
    servers = await RealServers.open('tm_load');
    ({ db, pg, dir } = servers);
    ctx = await SyncHarness.open(testConfig({ dir: dir.path }));
    key = `${db.database}.t`;
    await db.exec('CREATE TABLE t (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, v VARCHAR(20))');
  });

  afterAll(async () => {
    await ctx?.close();
    await servers?.close();
  });

  const extractOnly = () => ctx.syncTable('default', key, { load: false });
  const loadOnly = () => ctx.syncTable('default', key, { extract: false });
  const target = () => pg.rows<{ id: number; v: string }>(`SELECT id, v FROM "${db.database}".t ORDER BY id`);

  it('keeps the newest version of a key that several pending manifests hold', async () => {
    await db.exec("INSERT INTO t VALUES (1, '2025-01-01 00:00:00', 'v1'), (2, '2025-01-01 00:00:00', 'a')");
    await extractOnly();
    await db.exec("UPDATE t SET v = 'v2', updated_at = '2025-01-02 00:00:00' WHERE id = 1");
    await extractOnly();
    await db.exec("UPDATE t SET v = 'v3', updated_at = '2025-01-03 00:00:00' WHERE id = 1");
    await extractOnly();
    const result = await loadOnly();
    expect(result.load?.manifestsLoaded).toBe(3);
    expect(result.load?.rowsStaged).toBe(4);
    expect(await target()).toEqual([
      { id: 1, v: 'v3' },
      { id: 2, v: 'a' },
    ]);
    expect(await postgresDigest(pg, db.database, 't', COLUMNS)).toEqual(await mysqlDigest(db, 't', COLUMNS));
  });

  it('records each loaded manifest in the warehouse ledger in the same transaction', async () => {
    const ledger = await pg.rows<{ manifest_id: string; row_count: string }>(
      `SELECT manifest_id, row_count FROM "${db.database}"._tidemark_loads ORDER BY manifest_id`,
    );
    expect(ledger).toHaveLength(3);
    expect(ledger.map((l) => Number(l.row_count))).toEqual([2, 1, 1]);
  });

  it('reports manifests found in the ledger as loaded without loading them again (lost report)', async () => {
    await db.exec("INSERT INTO t VALUES (3, '2025-01-04 00:00:00', 'c')");
    const extracted = await extractOnly();
    await loadOnly();
    // The warehouse committed but the report to the watermark store was lost:
    // put the store back in the state it had before that report.
    const store = await openWatermarkDataSource(ctx.config.watermarkStore);
    const [lost] = extracted.extract?.manifestIds ?? [];
    try {
      await store.getRepository(ManifestEntity).update({ id: lost }, { status: 'pending', loadedAt: null });
      await store.getRepository(WatermarkEntity).update({ tableKey: key }, { loadManifests: 3, loadRows: 4 });
    } finally {
      await closeWatermarkDataSource(store, ctx.config.watermarkStore);
    }
    await pg.client.query(`UPDATE "${db.database}".t SET v = 'changed in warehouse' WHERE id = 3`);

    const result = await loadOnly();
    expect(result.load?.manifestsReconciled).toBe(1);
    expect(result.load?.manifestsLoaded).toBe(0);
    expect(result.load?.rowsStaged).toBe(0);
    // Not loaded again: the warehouse-side change survives.
    expect((await target()).find((r) => r.id === 3)?.v).toBe('changed in warehouse');
    const w = await (await ctx.watermarks()).get({ pipeline: 'default', table: key });
    expect(w?.load.manifestsLoaded).toBe(4);
    expect(w?.load.rowsLoaded).toBe(5);
  });

  it('fails the load, commits nothing and names the file when a Parquet file was changed after upload', async () => {
    await db.exec("INSERT INTO t VALUES (4, '2025-01-05 00:00:00', 'd')");
    const extracted = await extractOnly();
    const objects = join(dir.path, 'objects');
    const file = readdirSync(objects, { recursive: true })
      .map(String)
      .find((f) => f.includes(extracted.extract?.runId as string) && f.endsWith('.parquet')) as string;
    writeFileSync(join(objects, file), 'not the uploaded bytes');

    await expect(loadOnly()).rejects.toThrow(
      /has sha256 [0-9a-f]{64}, the manifest says [0-9a-f]{64}: it was changed or damaged after upload/,
    );
    expect((await target()).find((r) => r.id === 4)).toBeUndefined();
    const w = await (await ctx.watermarks()).get({ pipeline: 'default', table: key });
    expect(w?.load.status).toBe('failed');
    expect(w?.load.lastError).toMatch(/changed or damaged/);
    expect(await (await ctx.watermarks()).pendingManifests({ pipeline: 'default', table: key })).toHaveLength(1);
  });
});
