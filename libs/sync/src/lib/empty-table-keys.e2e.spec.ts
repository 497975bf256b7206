import { MysqlFixture, PostgresFixture, RealServers } from '@tidemark/testing';
import { SyncHarness } from '../test/sync-harness.fixture';
import { testConfig } from '../test/test-config.fixture';

/**
 * The loader's COPY straight into an empty table relies on the table's
 * primary key to refuse a key that repeats across the manifests. A table
 * created outside Tidemark may have no such key: the rows must then be
 * merged, one per key, as before.
 */
describe('loading into an existing empty PostgreSQL table without a primary key', () => {
  let servers: RealServers;
  let db: MysqlFixture;
  let pg: PostgresFixture;
  let ctx: SyncHarness;

  beforeAll(async () => {
    servers = await RealServers.open('tm_nopk');
    ({ db, pg } = servers);
    ctx = await SyncHarness.open(testConfig({ dir: servers.dir.path }));
  });

  afterAll(async () => {
    await ctx?.close();
    await servers?.close();
  });

  const table = () => `${db.database}.plain`;

  it('keeps only the newest version of a key that two manifests hold', async () => {
    await db.exec('CREATE TABLE plain (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, v VARCHAR(20))');
    await db.exec("INSERT INTO plain VALUES (1, '2025-01-01', 'v1'), (2, '2025-01-01', 'x')");
    await pg.client.query(`CREATE SCHEMA IF NOT EXISTS "${db.database}"`);
    await pg.client.query(`CREATE TABLE "${db.database}".plain (id INT, updated_at TIMESTAMP(6), v VARCHAR(20))`);
    await ctx.syncTable('default', table(), { load: false });
    await db.exec("UPDATE plain SET v = 'v2', updated_at = '2025-01-05' WHERE id = 1");
    await ctx.syncTable('default', table(), { load: false });

    const { load } = await ctx.syncTable('default', table(), { extract: false });
    expect(await pg.rows(`SELECT id, v FROM "${db.database}".plain ORDER BY id, v`)).toEqual([
      { id: 1, v: 'v2' },
      { id: 2, v: 'x' },
    ]);
    expect(load).toMatchObject({ manifestsLoaded: 2, rowsStaged: 3, copiedIntoEmptyTable: false });
  });
});
