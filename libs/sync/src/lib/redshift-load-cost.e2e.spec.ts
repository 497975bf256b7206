import { TidemarkConfig } from '@tidemark/config';
import { makeTempDir, MysqlFixture } from '@tidemark/testing';
import { SyncHarness } from '../test/sync-harness.fixture';
import { EmulatedRedshiftWorld, redshiftWarehouse } from '../test/emulated-redshift-world.fixture';
import { RedshiftEmulator } from '../test/redshift-emulator.fixture';
import { testConfig } from '../test/test-config.fixture';

/**
 * What a Redshift load of N pending manifests costs, measured on the
 * emulator (BENCHMARKS.md "Redshift path"): the statements the loader sent,
 * the round trips the emulator answered, and the COPYs. Prints a table.
 * `npx jest libs/sync/src/lib/redshift-load-cost.e2e.spec.ts`
 */
const SIZES = [1, 3, 10];
const TRANSACTION_CONTROL = /^(BEGIN|COMMIT|ROLLBACK)$/i;

describe('Redshift load cost per number of pending manifests (Redshift emulator, real S3 server)', () => {
  let world: EmulatedRedshiftWorld;
  let db: MysqlFixture;
  let dir: ReturnType<typeof makeTempDir>;
  let emulator: RedshiftEmulator;
  let bucket: string;

  beforeAll(async () => {
    world = await EmulatedRedshiftWorld.open('tm_rs_cost');
    ({ db, dir, emulator, bucket } = world);
  });

  afterAll(async () => {
    await world?.close();
  });

  it('measures statements, round trips and COPYs of a merge load of 1, 3 and 10 manifests, as the load reports them', async () => {
    await db.exec('CREATE TABLE t (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, v VARCHAR(10))');
    await db.exec("INSERT INTO t VALUES (1, '2025-01-01', 'v0')");
    const config = {
      ...testConfig({ dir: dir.path, objectStore: 's3', bucket }),
      warehouse: redshiftWarehouse(),
      pipelines: {
        default: {
          name: 'default',
          connection: 'default',
          tables: [{ key: `${db.database}.t`, strategy: 'hybrid', cursorColumn: 'updated_at', batchSize: 1000 }],
        },
      },
    } as TidemarkConfig;
    const ctx = await SyncHarness.onEmulator(config, emulator);
    const table: string[] = ['| manifests | statements | round trips | COPYs |', '|---|---|---|---|'];
    try {
      await ctx.syncTable('default', `${db.database}.t`);
      let second = 1;
      for (const n of SIZES) {
        for (let i = 0; i < n; i++, second++) {
          await db.exec(
            `UPDATE t SET v = 'v${second}', updated_at = '2025-02-01 00:00:00' + INTERVAL ${second} SECOND WHERE id = 1`,
          );
          await ctx.syncTable('default', `${db.database}.t`, { load: false });
        }
        const statements = emulator.statements.length;
        const roundTrips = emulator.roundTrips;
        const { load } = await ctx.syncTable('default', `${db.database}.t`, { extract: false });
        const sent = emulator.statements.slice(statements);
        const work = sent.filter((s) => !TRANSACTION_CONTROL.test(s));
        const copies = sent.filter((s) => s.startsWith('COPY ')).length;
        expect(load?.manifestsLoaded).toBe(n);
        // The load's own count is what the emulator saw.
        const transactions = sent.filter((s) => /^BEGIN$/i.test(s)).length;
        expect(load?.warehouseCost).toEqual({
          statements: work.length,
          roundTrips: work.length + 2 * transactions,
          copies,
          transactions,
        });
        table.push(`| ${n} | ${work.length} | ${emulator.roundTrips - roundTrips} | ${copies} |`);
      }
    } finally {
      await ctx.close();
    }
    process.stdout.write(`\nRedshift load cost (merge, emulator):\n${table.join('\n')}\n`);
  });
});
