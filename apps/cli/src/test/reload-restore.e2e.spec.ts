import { join } from 'node:path';
import { MysqlFixture, PostgresFixture } from '@tidemark/testing';
import { openWatermarkDataSource, WatermarkStore } from '@tidemark/watermark-store';
import { CliFixture, CliWorld } from './cli.fixture';

/**
 * The object store as a backup, through the built binary: a dropped table
 * rebuilt from it (by `reload` and by the old tool's reset --redshift-only +
 * sync --redshift-only), a point-in-time restore equal to the source as a
 * snapshot taken then saw it, a reload killed mid-way then rerun, and a
 * refusal once s3clean deleted files the rebuild needs. MySQL is never asked:
 * the source has changed since the last sync when the table is rebuilt.
 */
const FAST_LEASES = { TIDEMARK_LEASE_TTL_SECONDS: '5' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('reload and restore from the object store (built binary, PostgreSQL)', () => {
  const world = new CliWorld();
  let db: MysqlFixture;
  let pg: PostgresFixture;
  let cli: CliFixture;
  let config: string;
  let orders: string;
  let events: string;
  const restoreSchema = () => `${db.database}_restored`;

  beforeAll(async () => {
    ({ db, pg, cli } = await world.open('tm_reload'));
    orders = `${db.database}.orders`;
    events = `${db.database}.events`;
    config = cli.writeConfig('config', {
      pipelines: {
        default: `connection: default\ntables:\n  ${orders}: {}\n  ${events}:\n    loadMode: append\n`,
      },
    });
    await db.exec('CREATE TABLE orders (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, v INT, note VARCHAR(20))');
    await db.exec('CREATE TABLE events (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, v INT)');
    await db.exec("INSERT INTO orders SELECT seq, '2025-01-01 00:00:00.000001', seq, 'first' FROM seq_1_to_300");
    await db.exec("INSERT INTO events SELECT seq, '2025-01-01', seq FROM seq_1_to_50");
  });

  afterAll(() => world.close((database) => [`${database}_restored`]));

  const sourceOrders = () =>
    db.rows<Record<string, unknown>>("SELECT id, DATE_FORMAT(updated_at, '%Y-%m-%d %H:%i:%s.%f') AS at, v, note FROM orders ORDER BY id");
  const warehouseOrders = (table = `"${db.database}".orders`) =>
    pg.rows<Record<string, unknown>>(`SELECT id, to_char(updated_at, 'YYYY-MM-DD HH24:MI:SS.US') AS at, v, note FROM ${table} ORDER BY id`);
  const warehouseEvents = () =>
    pg.rows(`SELECT * FROM "${db.database}".events ORDER BY id, _tidemark_extracted_at`);
  const ledger = () =>
    pg.rows<{ manifest_id: string }>(`SELECT manifest_id FROM "${db.database}"._tidemark_loads ORDER BY manifest_id`);
  const store = async <T>(use: (s: WatermarkStore) => Promise<T>): Promise<T> => {
    const source = await openWatermarkDataSource({ type: 'sqlite', path: join(cli.dir.path, 'config-state/watermarks.sqlite') });
    try {
      return await use(new WatermarkStore(source));
    } finally {
      await source.destroy();
    }
  };
  const sync = (...args: string[]) => {
    const run = cli.run(config, ['sync', ...args]);
    expect(run.stderr).not.toMatch(/error|warning/i);
    expect(run.status).toBe(0);
    return run;
  };

  let atT: Record<string, unknown>[];
  let asOf: string;
  let current: Record<string, unknown>[];
  let appended: unknown[];

  it('keeps three syncs of history, under live changes', async () => {
    sync();
    await db.exec("UPDATE orders SET v = v + 1000, note = 'second', updated_at = '2025-02-01' WHERE id <= 100");
    await db.exec("INSERT INTO orders SELECT seq, '2025-02-01', seq, 'second' FROM seq_301_to_350");
    await db.exec("UPDATE events SET v = v + 1000, updated_at = '2025-02-01' WHERE id <= 10");
    sync();
    atT = await sourceOrders();
    await sleep(50);
    asOf = new Date().toISOString();
    await sleep(1_100);
    await db.exec("UPDATE orders SET v = -v, note = 'third', updated_at = '2025-03-01' WHERE id BETWEEN 50 AND 150");
    await db.exec("INSERT INTO orders SELECT seq, '2025-03-01', seq, 'third' FROM seq_351_to_360");
    sync();
    current = await sourceOrders();
    appended = await warehouseEvents();
    expect(await warehouseOrders()).toEqual(current);
    expect(appended).toHaveLength(60);
  });

  it('rebuilds a dropped table with reset --redshift-only then sync --redshift-only, without MySQL', async () => {
    // The source moves on: the rebuild must not read it.
    await db.exec("UPDATE orders SET note = 'after' WHERE id = 1");
    await pg.rows(`DROP TABLE "${db.database}".orders`);
    await pg.rows(`DROP TABLE "${db.database}".events`);
    const reset = cli.run(config, ['watermark', 'reset', '-t', orders, '--redshift-only', '--yes']);
    expect(reset.status).toBe(0);
    expect(cli.run(config, ['watermark', 'reset', '-t', events, '--redshift-only', '--yes']).status).toBe(0);
    const reload = sync('--redshift-only');
    expect(reload.stdout).toMatch(new RegExp(`${orders}: rebuilt from the object store: 561 rows from 3 manifest\\(s\\)`));
    expect(await warehouseOrders()).toEqual(current);
    expect(await warehouseEvents()).toEqual(appended);
    const w = await store((s) => s.get({ pipeline: 'default', table: orders }));
    expect(w?.load).toMatchObject({ rebuildPending: false, manifestsLoaded: 3, status: 'success' });
    expect(new Set((await ledger()).map((r) => r.manifest_id)).size).toBe((await ledger()).length);
  });

  it('reload --yes replaces a live table in one transaction and loads each manifest once', async () => {
    await pg.rows(`UPDATE "${db.database}".orders SET note = 'damaged' WHERE id <= 10`);
    const without = cli.run(config, ['reload', '-t', orders]);
    expect(without.status).not.toBe(0);
    expect(without.stderr).toMatch(/add --yes to confirm/);
    expect((await warehouseOrders()).filter((r) => r['note'] === 'damaged')).toHaveLength(10);

    const reload = cli.run(config, ['reload', '-t', orders, '--yes']);
    expect(reload.stderr).not.toMatch(/error|warning/i);
    expect(reload.status).toBe(0);
    expect(reload.stdout).toMatch(/rebuilds .*orders from 3 manifest\(s\) in the object store/);
    expect(await warehouseOrders()).toEqual(current);
    const ids = (await ledger()).map((r) => r.manifest_id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('restores the table as it was at a time into another table, equal to the source then', async () => {
    const into = `${restoreSchema()}.orders_then`;
    const restore = cli.run(config, ['restore', '-t', orders, '--as-of', asOf, '--into', into]);
    expect(restore.stderr).toMatch(/staged 2 of 2 manifest\(s\), 450 rows so far/);
    expect(restore.status).toBe(0);
    expect(restore.stdout).toMatch(new RegExp(`built ${restoreSchema()}.orders_then from 2 manifest\\(s\\) holding 450 row versions`));
    expect(await warehouseOrders(`"${restoreSchema()}".orders_then`)).toEqual(atT);
    // Again over the table it made: replaced, the same.
    expect(cli.run(config, ['restore', '-t', orders, '--as-of', asOf, '--into', into]).status).toBe(0);
    expect(await warehouseOrders(`"${restoreSchema()}".orders_then`)).toEqual(atT);
    // The table's own target and its bookkeeping are untouched.
    expect(await warehouseOrders()).toEqual(current);
  });

  it('refuses a restore into a table a pipeline loads, or before the first manifest, changing nothing', () => {
    const into = cli.run(config, ['restore', '-t', orders, '--as-of', asOf, '--into', `${db.database}.events`]);
    expect(into.status).not.toBe(0);
    expect(into.stderr).toMatch(/is where .*events of pipeline default load/);
    const early = cli.run(config, ['restore', '-t', orders, '--as-of', '2000-01-01', '--into', `${restoreSchema()}.x`]);
    expect(early.status).not.toBe(0);
    expect(early.stderr).toMatch(/has no manifest registered by 2000-01-01T00:00:00.000Z: nothing to restore; the oldest point it can be restored to is 20/);
  });

  it('finishes a reload killed in the middle on the rerun, never doubling a row', async () => {
    const killed = cli.run(config, ['reload', '-t', events, '--yes'], {
      TIDEMARK_FAULT_POINT: 'load:during-staging',
      ...FAST_LEASES,
    });
    expect(killed.signal).toBe('SIGKILL');
    // Rolled back with the process: the table as it was.
    expect(await warehouseEvents()).toEqual(appended);
    await sleep(5_500);
    const rerun = cli.run(config, ['sync', '--redshift-only', '-t', events], FAST_LEASES);
    expect(rerun.stderr).not.toMatch(/error|warning/i);
    expect(rerun.status).toBe(0);
    expect(await warehouseEvents()).toEqual(appended);
  });

  it('refuses a rebuild once s3clean deleted files it needs, naming them and the oldest restorable point', async () => {
    const clean = cli.run(config, ['s3clean', 'clean', '-t', orders, '--older-than', '1s', '--keep-restorable', 'none']);
    expect(clean.status).toBe(0);
    const before = await store((s) => s.get({ pipeline: 'default', table: orders }));
    const reload = cli.run(config, ['reload', '-t', orders, '--yes']);
    expect(reload.status).not.toBe(0);
    expect(reload.stderr).toMatch(/cannot rebuild .*orders: \d+ object\(s\) of 3 manifest\(s\) it needs are gone from the object store: .*\.parquet \(manifest /);
    expect(reload.stderr).toMatch(/Nothing was changed; no point of it can be restored any more/);
    expect(await store((s) => s.get({ pipeline: 'default', table: orders }))).toEqual(before);
    expect(await warehouseOrders()).toEqual(current);
    const restore = cli.run(config, ['restore', '-t', orders, '--as-of', asOf, '--into', `${restoreSchema()}.gone`]);
    expect(restore.stderr).toMatch(/cannot restore .*orders as of .*: \d+ object\(s\) of 2 manifest\(s\)/);
  });
});
