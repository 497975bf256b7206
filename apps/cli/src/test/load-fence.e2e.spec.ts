import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pausedMarker, RESUME_SIGNAL } from '@tidemark/fault-injection';
import { MysqlFixture, PostgresFixture, waitUntil } from '@tidemark/testing';
import { openWatermarkDataSource, WatermarkStore } from '@tidemark/watermark-store';
import { CliFixture, CliWorld, RunningCli } from './cli.fixture';

/**
 * ADR 0017, on the built binary: loader A is frozen (SIGSTOP) inside its
 * load transaction, staged and merged, until its lease has expired; loader B
 * takes the lease and loads the same manifest; then A is thawed. A's commit
 * must fail with the lease-lost error, and the target must hold every row
 * once. In merge mode B blocks on A's row locks meanwhile, so A resumes
 * while B waits on it: the interleaving ADR 0017 makes safe.
 */
const TTL_SECONDS = 3;
const FAST_LEASES = { TIDEMARK_LEASE_TTL_SECONDS: String(TTL_SECONDS) };
const ROWS = 500;

describe('a loader that lost its lease inside its load transaction cannot commit (built binary)', () => {
  const world = new CliWorld();
  let db: MysqlFixture;
  let pg: PostgresFixture;
  let cli: CliFixture;
  let config: string;

  beforeAll(async () => {
    ({ db, pg, cli } = await world.open('tm_fence'));
    config = cli.writeConfig('config', {
      pipelines: {
        default:
          `connection: default\ntables:\n` +
          `  ${db.database}.events:\n    loadMode: append\n` +
          `  ${db.database}.items:\n    loadMode: merge\n`,
      },
    });
    for (const table of ['events', 'items']) {
      await db.exec(`CREATE TABLE ${table} (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, v INT)`);
      await db.exec(`INSERT INTO ${table} SELECT seq, '2025-01-01', seq FROM seq_1_to_${ROWS}`);
    }
  });

  afterAll(() => world.close());

  const key = (table: string) => `${db.database}.${table}`;
  const pending = async (table: string) => {
    const source = await openWatermarkDataSource({ type: 'sqlite', path: join(cli.dir.path, 'config-state/watermarks.sqlite') });
    try {
      return await new WatermarkStore(source).pendingManifests({ pipeline: 'default', table: key(table) });
    } finally {
      await source.destroy();
    }
  };
  const count = async (sql: string) => Number((await pg.rows<{ n: string }>(sql))[0].n);
  /** A statement of this spec's schema waits on a lock (B behind A's row locks). */
  const waitsOnLock = async () =>
    (await count(
      `SELECT COUNT(*)::text AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%"${db.database}"%'`,
    )) > 0;

  /** Loader A, paused at load:before-commit and then frozen. */
  async function frozenInsideTransaction(table: string): Promise<RunningCli> {
    const a = cli.start(config, ['sync', '--redshift-only', '-t', key(table)], {
      TIDEMARK_FAULT_POINT: 'load:before-commit',
      TIDEMARK_FAULT_ACTION: 'pause',
      ...FAST_LEASES,
    });
    await waitUntil(() => a.stderr.includes(pausedMarker('load:before-commit')) || !a.running, 120_000);
    expect({ running: a.running, stderr: a.stderr }).toEqual({ running: true, stderr: expect.stringContaining('tidemark-fault-point') });
    a.signal('SIGSTOP');
    return a;
  }

  it.each([
    ['append', 'events'],
    ['merge', 'items'],
  ])('%s mode: the stale loader fails at its commit, the new one loads, every row is there once', async (_mode, table) => {
    expect(cli.run(config, ['sync', '--backup-only', '-t', key(table)]).status).toBe(0);
    const [manifest] = await pending(table);
    expect(manifest).toBeDefined();

    const a = await frozenInsideTransaction(table);
    // A renews nothing while frozen: its lease lapses.
    await sleep((TTL_SECONDS + 1.5) * 1000);
    const b = cli.start(config, ['sync', '--redshift-only', '-t', key(table)], FAST_LEASES);
    // Append: B commits. Merge: B waits behind A's row locks.
    await waitUntil(async () => !b.running || (await waitsOnLock()), 120_000);

    a.signal(RESUME_SIGNAL);
    a.signal('SIGCONT');
    const [aEnd, bEnd] = await Promise.all([a.exited(), b.exited()]);

    expect(aEnd.status).not.toBe(0);
    expect(a.stderr).toMatch(
      new RegExp(`lease lost: another loader \\(token \\d+\\) took ${key(table)} of pipeline default .*nothing was committed`),
    );
    expect({ status: bEnd.status, stderr: b.stderr }).toEqual({
      status: 0,
      stderr: expect.stringContaining(`${key(table)}: loaded ${ROWS} rows from 1 manifest(s)`),
    });
    const target = `"${db.database}".${table}`;
    expect(await count(`SELECT COUNT(*)::text AS n FROM ${target}`)).toBe(ROWS);
    expect(await count(`SELECT COUNT(DISTINCT id)::text AS n FROM ${target}`)).toBe(ROWS);
    const ledger = await pg.rows<{ manifest_id: string }>(
      `SELECT manifest_id FROM "${db.database}"._tidemark_loads WHERE table_key = $1`,
      [key(table)],
    );
    expect(ledger.map((r) => r.manifest_id)).toEqual([manifest.id]);
    expect(await pending(table)).toEqual([]);
  }, 300_000);
});
