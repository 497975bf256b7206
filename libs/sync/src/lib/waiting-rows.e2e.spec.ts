import { MysqlFixture, RealServers } from '@tidemark/testing';
import { SyncHarness } from '../test/sync-harness.fixture';
import { testConfig } from '../test/test-config.fixture';
import { TableJobs } from './table-job';
import { WaitingRows } from './waiting-rows';

/**
 * The counts continuous mode starts a batch on, against real MariaDB and
 * the watermark store, on a table named like an SQL keyword.
 */
describe('WaitingRows: rows waiting for the next micro-batch', () => {
  let servers: RealServers;
  let db: MysqlFixture;
  let ctx: SyncHarness;
  let waiting: WaitingRows;
  const key = () => `${db.database}.select`;
  const job = () => ctx.app.get(TableJobs).job('default', key());

  beforeAll(async () => {
    servers = await RealServers.open('h_cont_wait');
    db = servers.db;
    ctx = await SyncHarness.open(testConfig({ dir: servers.dir.path }));
    waiting = ctx.app.get(WaitingRows);
    await db.exec(
      'CREATE TABLE `select` (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, `limit` INT, KEY (updated_at))',
    );
    await db.exec("INSERT INTO `select` SELECT seq, '2025-01-01 00:00:00' + INTERVAL seq SECOND, seq FROM seq_1_to_40");
  });

  afterAll(async () => {
    await ctx?.close();
    await servers?.close();
  });

  it('counts a table never extracted as full, and nothing waiting to load', async () => {
    expect(await waiting.toExtract(job(), 25)).toBe(25);
    expect(await waiting.toLoad(job())).toBe(0);
  });

  it('counts the rows after the extract cursor, at most as many as asked, and the rows its manifests hold for the loader', async () => {
    await ctx.syncTable('default', key(), { load: false });
    expect(await waiting.toExtract(job(), 25)).toBe(0);
    expect(await waiting.toLoad(job())).toBe(40);

    await db.exec(
      "INSERT INTO `select` SELECT seq, '2025-02-01 00:00:00' + INTERVAL seq SECOND, seq FROM seq_41_to_47",
    );
    await db.exec("UPDATE `select` SET updated_at = '2025-03-01 00:00:00.000001' WHERE id IN (1, 2)");
    expect(await waiting.toExtract(job(), 25)).toBe(9);
    expect(await waiting.toExtract(job(), 5)).toBe(5);

    await ctx.syncTable('default', key(), { extract: false });
    expect(await waiting.toLoad(job())).toBe(0);
  });
});
