import { hostname } from 'node:os';
import { join } from 'node:path';
import { MysqlFixture, PostgresFixture } from '@tidemark/testing';
import { openWatermarkDataSource, WatermarkStore } from '@tidemark/watermark-store';
import { CliFixture, CliWorld } from './cli.fixture';

/**
 * The process is killed for real (SIGKILL, at the named fault point) after
 * the warehouse committed a load and before the watermark store heard of
 * it. The next run must find the manifests in the warehouse ledger and only
 * report them: an append table shows any double load as duplicate rows.
 */

describe('a loader killed between the warehouse commit and the load report (built binary)', () => {
  const world = new CliWorld();
  let db: MysqlFixture;
  let pg: PostgresFixture;
  let cli: CliFixture;
  let config: string;

  beforeAll(async () => {
    ({ db, pg, cli } = await world.open('tm_crash'));
    config = cli.writeConfig('config', {
      pipelines: {
        default: `connection: default\ntables:\n  ${db.database}.events:\n    loadMode: append\n`,
      },
    });
    await db.exec('CREATE TABLE events (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, v INT)');
    await db.exec("INSERT INTO events SELECT seq, '2025-01-01', seq FROM seq_1_to_500");
  });

  afterAll(() => world.close());

  const withStore = async <T>(work: (store: WatermarkStore) => Promise<T>): Promise<T> => {
    const source = await openWatermarkDataSource({ type: 'sqlite', path: join(cli.dir.path, 'config-state/watermarks.sqlite') });
    try {
      return await work(new WatermarkStore(source));
    } finally {
      await source.destroy();
    }
  };
  const pending = () => withStore((store) => store.pendingManifests({ pipeline: 'default', table: `${db.database}.events` }));
  const targetRows = async () =>
    Number((await pg.rows<{ n: string }>(`SELECT COUNT(*)::text AS n FROM "${db.database}".events`))[0].n);

  it('loads each manifest exactly once after the report was lost', async () => {
    expect(cli.run(config, ['sync', '--backup-only', '-t', `${db.database}.events`]).status).toBe(0);
    expect(await pending()).toHaveLength(1);

    const killed = cli.run(config, ['sync', '--redshift-only', '-t', `${db.database}.events`], {
      TIDEMARK_FAULT_POINT: 'load:after-commit',
    });
    expect(killed.signal).toBe('SIGKILL');
    // Committed in the warehouse, unknown to the watermark store.
    expect(await targetRows()).toBe(500);
    expect(await pg.rows(`SELECT manifest_id FROM "${db.database}"._tidemark_loads`)).toHaveLength(1);
    const [lost] = await pending();
    expect(lost).toBeDefined();

    // Right away, with the default 60 s lease: the dead run held it on this
    // host, so the rerun takes it over instead of waiting for it to expire.
    const started = Date.now();
    const rerun = cli.run(config, ['sync', '--redshift-only', '-t', `${db.database}.events`, '--json']);
    expect(rerun.stderr).toBe('');
    expect(rerun.status).toBe(0);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(await targetRows()).toBe(500);
    expect(await pending()).toEqual([]);
    const ledger = await pg.rows<{ manifest_id: string }>(`SELECT manifest_id FROM "${db.database}"._tidemark_loads`);
    expect(ledger.map((r) => r.manifest_id)).toEqual([lost.id]);
  });

  it('refuses a table leased by a live process of this host, saying how long it stays leased', async () => {
    // This test's own process: alive, so never taken for a crashed run.
    const live = `${hostname()}:${process.pid}`;
    await db.exec("INSERT INTO events SELECT seq, '2025-01-02', seq FROM seq_501_to_510");
    expect(cli.run(config, ['sync', '--backup-only', '-t', `${db.database}.events`]).status).toBe(0);
    const lease = await withStore((store) =>
      store.acquireLease({ pipeline: 'default', table: `${db.database}.events`, stage: 'load', holder: live, ttlSeconds: 60 }),
    );
    try {
      const refused = cli.run(config, ['sync', '--redshift-only', '-t', `${db.database}.events`]);
      expect(refused.stderr).toMatch(
        new RegExp(`is leased by ${live} until \\S+ \\(free in \\d+ s at most: a holder not known to be dead keeps the table`),
      );
      expect(refused.status).not.toBe(0);
      expect(await targetRows()).toBe(500);
    } finally {
      await withStore((store) => store.releaseLease(lease));
    }
  });
});
