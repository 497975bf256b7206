import { CEILING_ALIAS } from '@tidemark/cdc';
import { TableConfig, TidemarkConfig } from '@tidemark/config';
import { HostileTables, makeTempDir, MysqlFixture } from '@tidemark/testing';
import { WAREHOUSE_GENERATED_NAMES } from '@tidemark/warehouse';
import { SyncHarness } from '../test/sync-harness.fixture';
import { EmulatedRedshiftWorld, redshiftWarehouse } from '../test/emulated-redshift-world.fixture';
import { RedshiftEmulator } from '../test/redshift-emulator.fixture';
import { testConfig } from '../test/test-config.fixture';

/** Every name the Redshift dialect and the CDC queries write into their SQL (verify's run on PostgreSQL only: libs/verify). */
const NAMES = [...new Set([...WAREHOUSE_GENERATED_NAMES, CEILING_ALIAS])];

describe('tables and columns named like the names in generated SQL (Redshift dialect on the emulator, real MariaDB and S3)', () => {
  let world: EmulatedRedshiftWorld;
  let db: MysqlFixture;
  let dir: ReturnType<typeof makeTempDir>;
  let emulator: RedshiftEmulator;
  let ctx: SyncHarness;
  let tables: HostileTables;
  const appendSchema = () => `${db.database}_append`;
  const key = (name: string) => `${db.database}.${name}`;
  const rows = (sql: string, params?: unknown[]) => emulator.rows<Record<string, unknown>>(sql, params);

  beforeAll(async () => {
    world = await EmulatedRedshiftWorld.open('tm_rs_hostile');
    ({ db, dir, emulator } = world);
    const { bucket } = world;
    const entries = (more: Partial<TableConfig>): TableConfig[] =>
      NAMES.map((n) => ({ key: key(n), strategy: 'hybrid', cursorColumn: 'updated_at', batchSize: 1000, ...more }));
    const config = {
      ...testConfig({ dir: dir.path, objectStore: 's3', bucket }),
      warehouse: redshiftWarehouse(),
      pipelines: {
        merged: { name: 'merged', connection: 'default', tables: entries({}) },
        appended: {
          name: 'appended',
          connection: 'default',
          targetSchema: appendSchema(),
          tables: entries({ loadMode: 'append' }),
        },
      },
    } as TidemarkConfig;
    ctx = await SyncHarness.onEmulator(config, emulator);
    tables = new HostileTables(db, NAMES);
    for (const name of NAMES) await tables.create(name);
  });

  afterAll(async () => {
    await ctx?.close();
    await world?.close([db.database, appendSchema()]);
  });

  describe.each(NAMES)('table %s', (name) => {
    it('merges a second batch over the first: the warehouse equals the source', async () => {
      const second = await tables.mergeTwice(name, () => ctx.syncTable('merged', key(name)));
      expect(second.load?.rowsStaged).toBe(2);
      expect(await tables.warehouseDigest(rows, db.database, name, new Map())).toEqual(
        await tables.sourceDigest(name, new Map()),
      );
    });

    it('appends a second batch after the first, every column where it belongs', async () => {
      await tables.appendTwice(name, () => ctx.syncTable('appended', key(name)));
      const mapped = await tables.columnMap(rows, appendSchema(), name);
      expect(await tables.warehouseDigest(rows, appendSchema(), name, mapped)).toEqual(
        await tables.sourceDigest(name, mapped),
      );
    });
  });
});
