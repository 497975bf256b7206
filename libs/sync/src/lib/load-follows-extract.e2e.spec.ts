import { TidemarkConfig } from '@tidemark/config';
import { MysqlFixture, mysqlDigest, PostgresFixture, postgresDigest, RealServers, runsUntilPast } from '@tidemark/testing';
import { canonicalTimestamp, WatermarkApi } from '@tidemark/watermark-model';
import { extractWaitsForALoad, hooked } from '../test/hooked-watermarks.fixture';
import { SyncHarness } from '../test/sync-harness.fixture';
import { testConfig } from '../test/test-config.fixture';
import { RunEvent } from './run-events';

const COLUMNS = ['id', 'updated_at', 'version', 'payload'];
/** Small files (the smallest the config takes) and pages: a run of ROWS commits a few dozen manifests. */
const TARGET_FILE_BYTES = 65_536;
const ROWS = 20_000;

/** ADR 0036: with both stages asked, a table's manifests are loaded while its extract still commits them. */
describe('the load follows the extract (real MariaDB, PostgreSQL and SQLite store)', () => {
  let servers: RealServers;
  let db: MysqlFixture;
  let pg: PostgresFixture;
  const contexts: SyncHarness[] = [];

  beforeAll(async () => {
    servers = await RealServers.open('overlap_follow');
    ({ db, pg } = servers);
  });

  afterAll(async () => {
    for (const ctx of contexts) await ctx.close();
    await servers?.close();
  });

  const key = (table: string) => `${db.database}.${table}`;

  async function context(tables: string[], wrap?: (api: WatermarkApi) => WatermarkApi): Promise<SyncHarness> {
    const config: TidemarkConfig = {
      ...testConfig({ dir: `${servers.dir.path}/${tables[0]}`, targetFileBytes: TARGET_FILE_BYTES }),
      pipelines: {
        p: {
          name: 'p',
          connection: 'default',
          tables: tables.map((t) => ({ key: key(t), strategy: 'hybrid', cursorColumn: 'updated_at', batchSize: 2000 })),
        },
      },
    };
    const ctx = await SyncHarness.open(config, { watermarks: wrap });
    contexts.push(ctx);
    return ctx;
  }

  async function createTable(name: string, rows = ROWS): Promise<void> {
    await db.exec(
      `CREATE TABLE ${name} (id INT AUTO_INCREMENT PRIMARY KEY, version INT NOT NULL DEFAULT 0, payload CHAR(64) NOT NULL,
         updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6))`,
    );
    await db.exec(
      `INSERT INTO ${name} (id, payload, updated_at)
       SELECT seq, SHA2(seq, 256), TIMESTAMP('2025-01-01') + INTERVAL seq SECOND FROM seq_1_to_1000000 WHERE seq <= ?`,
      [rows],
    );
  }

  const matchesSource = async (name: string) =>
    expect(await postgresDigest(pg, db.database, name, COLUMNS)).toEqual(await mysqlDigest(db, name, COLUMNS));

  /** The table's manifests oldest first: the extract's sequence order. */
  const manifests = async (ctx: SyncHarness, name: string) =>
    (await (await ctx.watermarks()).manifests({ pipeline: 'p', table: key(name) })).sort((a, b) => a.id.localeCompare(b.id));

  it('loads the first manifests before the extract commits its later ones, in manifest order, each once', async () => {
    await createTable('follows');
    const gate = extractWaitsForALoad();
    const ctx = await context(['follows'], gate.wrap);
    const events: RunEvent[] = [];
    const [outcome] = await ctx.runPipeline('p', { onEvent: (e) => events.push(e) });
    expect(outcome).toMatchObject({ status: 'success' });
    expect(gate.waited).toBe(true);

    const extract = outcome.result?.extract;
    const load = outcome.result?.load;
    expect(extract?.rows).toBe(ROWS);
    expect(extract?.manifestIds.length).toBeGreaterThan(10);
    expect(load).toMatchObject({ manifestsLoaded: extract?.manifestIds.length, rowsStaged: ROWS, rowsExpected: ROWS });
    // Every load of this first sync copied straight into the table: its keys were new each time.
    expect(load?.copiedIntoEmptyTable).toBe(true);
    expect(gate.loadsCommitted).toBeGreaterThan(1);

    const all = await manifests(ctx, 'follows');
    expect(all.every((m) => m.status === 'loaded')).toBe(true);
    // The first manifest was loaded before the last one was written, and the loads went in manifest order.
    expect(Date.parse(all[0].loadedAt as string)).toBeLessThan(Date.parse(all[all.length - 1].createdAt));
    const loadedAt = all.map((m) => Date.parse(m.loadedAt as string));
    expect(loadedAt).toEqual([...loadedAt].sort((a, b) => a - b));

    // The events: every load announced, staged and finished, the first of them before the extract finished.
    const types = events.map((e) => e.type);
    expect(types.filter((t) => t === 'load-started').length).toBe(gate.loadsCommitted);
    expect(types.filter((t) => t === 'load-finished').length).toBe(gate.loadsCommitted);
    expect(types.indexOf('load-finished')).toBeLessThan(types.indexOf('extract-finished'));
    const loaded = events.flatMap((e) => (e.type === 'load-finished' ? [e.result.rowsStaged] : []));
    expect(loaded.reduce((a, b) => a + b, 0)).toBe(ROWS);
    await matchesSource('follows');
  });

  it('ends with the warehouse equal to the source after syncs with an application writing during the first', async () => {
    await createTable('written');
    const ctx = await context(['written']);
    let writing = true;
    let writes = 0;
    const writer = (async () => {
      while (writing) {
        const id = 1 + Math.floor(Math.random() * ROWS);
        await db.exec('UPDATE written SET version = version + 1 WHERE id = ?', [id]);
        if (writes % 5 === 0) await db.exec('INSERT INTO written (payload) VALUES (SHA2(RAND(), 256))');
        writes++;
      }
    })();
    const events: RunEvent[] = [];
    const [first] = await ctx.runPipeline('p', { onEvent: (e) => events.push(e) });
    writing = false;
    await writer;
    expect(first).toMatchObject({ status: 'success' });
    expect(writes).toBeGreaterThan(0);
    expect(events.filter((e) => e.type === 'load-started').length).toBeGreaterThan(1);
    expect(first.result?.load?.rowsStaged).toBe(first.result?.extract?.rows);

    // Rows changed after the first run's ceiling are the next runs'.
    const [{ newest }] = await db.rows<{ newest: string }>('SELECT MAX(updated_at) AS newest FROM written');
    await runsUntilPast(canonicalTimestamp(newest), async () => {
      const [next] = await ctx.runPipeline('p');
      expect(next).toMatchObject({ status: 'success' });
      const state = await (await ctx.watermarks()).get({ pipeline: 'p', table: key('written') });
      return { cursor: state?.extract.cursor.timestamp ?? null, warnings: next.result?.extract?.warnings ?? [] };
    });
    await matchesSource('written');
    const all = await manifests(ctx, 'written');
    expect(all.filter((m) => m.status !== 'loaded')).toEqual([]);
  });

  it('after a failed extract, still loads the manifests it committed, and the table fails on its extract', async () => {
    await createTable('halfway');
    const ctx = await context(
      ['halfway'],
      hooked({
        extract: async (n) => {
          if (n === 4) throw new Error('the store refused the fourth commit');
        },
      }),
    );
    const [outcome] = await ctx.runPipeline('p');
    expect(outcome).toMatchObject({ status: 'failed', failedStage: 'extract', error: 'the store refused the fourth commit' });
    const committed = await manifests(ctx, 'halfway');
    expect(committed).toHaveLength(3);
    expect(committed.every((m) => m.status === 'loaded')).toBe(true);
    const rows = committed.reduce((n, m) => n + m.rows, 0);
    expect(outcome.result?.load).toMatchObject({ manifestsLoaded: 3, rowsStaged: rows });
    expect(await pg.rows(`SELECT COUNT(*)::int AS n FROM "${db.database}".halfway`)).toEqual([{ n: rows }]);
    const state = await (await ctx.watermarks()).get({ pipeline: 'p', table: key('halfway') });
    expect(state?.extract).toMatchObject({ status: 'failed', lastError: 'the store refused the fourth commit' });
    expect(state?.load.status).toBe('success');
  });

  it('leaves a rebuild to the load after the extract: a resync swaps the new table in whole, once', async () => {
    await createTable('rebuilt', 5000);
    const ctx = await context(['rebuilt']);
    expect((await ctx.runPipeline('p'))[0].status).toBe('success');
    await db.exec('UPDATE rebuilt SET version = 7 WHERE id <= 10');
    await (await ctx.watermarks()).resync({ pipeline: 'p', table: key('rebuilt') }, 'test');

    const events: RunEvent[] = [];
    const [outcome] = await ctx.runPipeline('p', { onEvent: (e) => events.push(e) });
    expect(outcome).toMatchObject({ status: 'success' });
    expect(outcome.result?.extract?.manifestIds.length).toBeGreaterThan(2);
    // One load: the early turns found a rebuild to make and left it for the last load.
    expect(events.filter((e) => e.type === 'load-started')).toHaveLength(1);
    expect(outcome.result?.load).toMatchObject({ reloaded: true, replaced: true, rowsStaged: 5000 });
    await matchesSource('rebuilt');
  });
});
