import { RealServers } from '@tidemark/testing';
import { SyncHarness } from '../test/sync-harness.fixture';
import { RowEstimates } from './run-estimate';
import { TableJobs } from './table-job';
import { testConfig } from '../test/test-config.fixture';

describe('RowEstimates.extractRows: the ceiling a progress display shows an ETA against', () => {
  let servers: RealServers;
  let ctx: SyncHarness;
  const estimate = (table: string, limit?: number) =>
    ctx.app.get(RowEstimates).extractRows(ctx.app.get(TableJobs).job('p', `${servers.db.database}.${table}`), limit);

  beforeAll(async () => {
    servers = await RealServers.open('tm_estimate');
    const config = testConfig({ dir: servers.dir.path });
    const table = (name: string, strategy: string) => ({
      key: `${servers.db.database}.${name}`,
      strategy,
      cursorColumn: 'updated_at',
      batchSize: 1000,
    });
    config.pipelines['p'] = {
      name: 'p',
      connection: 'default',
      tables: [table('orders', 'hybrid'), table('prices', 'full_sync')],
    };
    for (const name of ['orders', 'prices']) {
      await servers.db.exec(`CREATE TABLE ${name} (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL)`);
      const rows = Array.from({ length: 500 }, (_, n) => [n + 1, '2025-08-01 10:00:00.000001']);
      await servers.db.insert(name, ['id', 'updated_at'], rows);
      await servers.db.exec(`ANALYZE TABLE ${name}`);
    }
    ctx = await SyncHarness.open(config);
  });

  afterAll(async () => {
    await ctx?.close();
    await servers?.close();
  });

  it("is MySQL's row estimate for a table read from its start, capped by the limit", async () => {
    expect(await estimate('orders')).toBe(500);
    expect(await estimate('orders', 120)).toBe(120);
    expect(await estimate('orders', 10_000)).toBe(500);
  });

  it('is only the limit once a cursor exists (an incremental run reads an unknown part)', async () => {
    await ctx.syncTable('p', `${servers.db.database}.orders`, { load: false });
    expect(await estimate('orders')).toBeUndefined();
    expect(await estimate('orders', 50)).toBe(50);
  });

  it('stays the row estimate for a full_sync table, which reads the whole table every run', async () => {
    await ctx.syncTable('p', `${servers.db.database}.prices`, { load: false });
    expect(await estimate('prices')).toBe(500);
  });

  it('is the limit, or unknown, when the table cannot be asked', async () => {
    expect(await estimate('missing')).toBeUndefined();
    expect(await estimate('missing', 7)).toBe(7);
  });
});
