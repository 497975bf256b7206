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
const FAST_LEASES = { TIDEMARK_LEASE_TTL_SECONDS: '5' };

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

  const pending = async () => {
    const source = await openWatermarkDataSource({ type: 'sqlite', path: join(cli.dir.path, 'config-state/watermarks.sqlite') });
    try {
      return await new WatermarkStore(source).pendingManifests({ pipeline: 'default', table: `${db.database}.events` });
    } finally {
      await source.destroy();
    }
  };
  const targetRows = async () =>
    Number((await pg.rows<{ n: string }>(`SELECT COUNT(*)::text AS n FROM "${db.database}".events`))[0].n);

  it('loads each manifest exactly once after the report was lost', async () => {
    expect(cli.run(config, ['sync', '--backup-only', '-t', `${db.database}.events`]).status).toBe(0);
    expect(await pending()).toHaveLength(1);

    const killed = cli.run(config, ['sync', '--redshift-only', '-t', `${db.database}.events`], {
      TIDEMARK_FAULT_POINT: 'load:after-commit',
      ...FAST_LEASES,
    });
    expect(killed.signal).toBe('SIGKILL');
    // Committed in the warehouse, unknown to the watermark store.
    expect(await targetRows()).toBe(500);
    expect(await pg.rows(`SELECT manifest_id FROM "${db.database}"._tidemark_loads`)).toHaveLength(1);
    const [lost] = await pending();
    expect(lost).toBeDefined();

    // The dead run's lease blocks the table until it expires (5 s here).
    await new Promise((r) => setTimeout(r, 5_500));
    const rerun = cli.run(config, ['sync', '--redshift-only', '-t', `${db.database}.events`, '--json'], FAST_LEASES);
    expect(rerun.stderr).toBe('');
    expect(rerun.status).toBe(0);
    expect(await targetRows()).toBe(500);
    expect(await pending()).toEqual([]);
    const ledger = await pg.rows<{ manifest_id: string }>(`SELECT manifest_id FROM "${db.database}"._tidemark_loads`);
    expect(ledger.map((r) => r.manifest_id)).toEqual([lost.id]);
  });
});
