import { MysqlFixture, mysqlDigest, PostgresFixture, postgresDigest, RealServers } from '@tidemark/testing';
import { SyncHarness } from '../test/sync-harness.fixture';
import { testConfig } from '../test/test-config.fixture';

const COLUMNS = ['code', 'label'];

describe('full_sync: each run is a snapshot that replaces the target', () => {
  let servers: RealServers;
  let db: MysqlFixture;
  let pg: PostgresFixture;
  let ctx: SyncHarness;
  let key: string;

  beforeAll(async () => {
    servers = await RealServers.open('tm_full');
    ({ db, pg } = servers);
    key = `${db.database}.countries`;
    const config = testConfig({ dir: servers.dir.path, targetFileBytes: 256 });
    config.pipelines['default'] = {
      name: 'default',
      connection: 'default',
      tables: [{ key, strategy: 'full_sync', cursorColumn: 'updated_at', batchSize: 50 }],
    };
    ctx = await SyncHarness.open(config);
    await db.exec('CREATE TABLE countries (code CHAR(2) PRIMARY KEY, label VARCHAR(40) NOT NULL)');
    await db.insert(
      'countries',
      COLUMNS,
      Array.from({ length: 300 }, (_, i) => [
        `${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + Math.floor(i / 26))}`,
        `country ${i}`,
      ]),
    );
  });

  afterAll(async () => {
    await ctx?.close();
    await servers?.close();
  });

  const same = async () =>
    expect(await postgresDigest(pg, db.database, 'countries', COLUMNS)).toEqual(
      await mysqlDigest(db, 'countries', COLUMNS),
    );

  it('registers a whole run as one manifest, however many files it wrote', async () => {
    const r = await ctx.syncTable('default', key);
    expect(r.extract?.files).toBeGreaterThan(1);
    expect(r.extract?.manifestIds).toHaveLength(1);
    expect(r.load?.rowsStaged).toBe(300);
    await same();
  });

  it('removes from the target the rows deleted at the source', async () => {
    await db.exec("DELETE FROM countries WHERE code LIKE 'A%'");
    await db.exec("UPDATE countries SET label = 'renamed' WHERE code = 'BB'");
    await ctx.syncTable('default', key);
    await same();
    // The replacement is filled before its key is built (ADR 0060); the swapped-in table has it.
    expect((await pg.primaryKey(db.database, 'countries'))?.columns).toEqual(['code']);
  });

  it('closes older snapshots without loading or counting them', async () => {
    const before = (await (await ctx.watermarks()).get({ pipeline: 'default', table: key }))?.load.rowsLoaded ?? 0;
    await ctx.syncTable('default', key, { load: false });
    await db.exec("DELETE FROM countries WHERE code LIKE 'B%'");
    const second = await ctx.syncTable('default', key, { load: false });
    const load = await ctx.syncTable('default', key, { extract: false });
    expect(load.load?.manifestsSuperseded).toBe(1);
    expect(load.load?.manifestsLoaded).toBe(1);
    await same();
    const w = await (await ctx.watermarks()).get({ pipeline: 'default', table: key });
    expect(w?.load.rowsLoaded).toBe(before + (second.extract?.rows ?? 0));
    const statuses = (await (await ctx.watermarks()).manifests({ pipeline: 'default', table: key })).map(
      (m) => m.status,
    );
    expect(statuses.filter((s) => s === 'superseded')).toHaveLength(1);
  });

  it('empties the target when the source table is empty', async () => {
    await db.exec('DELETE FROM countries');
    const r = await ctx.syncTable('default', key);
    expect(r.extract?.manifestIds).toHaveLength(1);
    expect(r.extract?.files).toBe(0);
    const [{ n }] = await pg.rows<{ n: string }>(`SELECT COUNT(*) AS n FROM "${db.database}".countries`);
    expect(n).toBe('0');
  });
});
