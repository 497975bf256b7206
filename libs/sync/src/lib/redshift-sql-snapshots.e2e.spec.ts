import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TableConfig, TidemarkConfig } from '@tidemark/config';
import { redshiftFileTypeOf } from '@tidemark/schema';
import { makeTempDir, MysqlFixture } from '@tidemark/testing';
import { FENCE_SUFFIX, Warehouse, WarehouseSession } from '@tidemark/warehouse';
import { WatermarkApi } from '@tidemark/watermark-model';
import { ChangeManifests, DEFAULT_CHANGES } from '../test/change-manifests.fixture';
import { SyncHarness } from '../test/sync-harness.fixture';
import { EmulatedRedshiftWorld, redshiftWarehouse } from '../test/emulated-redshift-world.fixture';
import { RedshiftEmulator } from '../test/redshift-emulator.fixture';
import { normalizeSql, SQL_SNAPSHOT_DIR, sqlSnapshot } from '../test/sql-snapshot.fixture';
import { testConfig } from '../test/test-config.fixture';

/**
 * Every statement the Redshift dialect runs in a fixed set of scenarios,
 * checked in under libs/warehouse/sql/redshift/ so reviewers read the SQL
 * itself. `npm run sql:redshift` rewrites the files; this test fails when the
 * SQL differs from them. The statements come from real loads (real MariaDB,
 * S3 server and extractor) on the Redshift emulator.
 */
const WRITE = process.env['TIDEMARK_WRITE_SQL_SNAPSHOTS'] === '1';

describe('Redshift SQL snapshots (libs/warehouse/sql/redshift, real loads on the Redshift emulator)', () => {
  let world: EmulatedRedshiftWorld;
  let db: MysqlFixture;
  let dir: ReturnType<typeof makeTempDir>;
  let emulator: RedshiftEmulator;
  let bucket: string;
  const contexts: SyncHarness[] = [];

  const context = async (
    tables: TableConfig[],
    wrap?: (api: WatermarkApi) => WatermarkApi,
    warehouse: () => Warehouse = () => emulator,
  ) => {
    const config = {
      ...testConfig({ dir: dir.path, objectStore: 's3', bucket }),
      warehouse: redshiftWarehouse(),
      pipelines: { shop: { name: 'shop', connection: 'default', tables } },
    } as TidemarkConfig;
    const ctx = await SyncHarness.onEmulator(config, emulator, { warehouse: () => warehouse(), watermarks: wrap });
    contexts.push(ctx);
    return ctx;
  };
  const table = (name: string, more: Partial<TableConfig> = {}) => world.table(name, more);
  const sync = (ctx: SyncHarness, name: string) => ctx.syncTable('shop', `${db.database}.${name}`);
  const createTable = (name: string) =>
    db.exec(
      `CREATE TABLE \`${name}\` (id BIGINT UNSIGNED PRIMARY KEY, updated_at DATETIME(6) NOT NULL, name VARCHAR(20),
        amount DECIMAL(12,2), doc JSON) CHARACTER SET utf8mb4`,
    );
  const insert = (name: string, id: number, day: string) =>
    db.exec(`INSERT INTO \`${name}\` VALUES (?, ?, ?, 1.50, '{"k": 1}')`, [id, `2025-01-${day} 00:00:00`, `n${id}`]);
  const update = (name: string, id: number, day: string) =>
    db.exec(`UPDATE \`${name}\` SET name = 'changed', updated_at = ? WHERE id = ?`, [`2025-01-${day} 00:00:00`, id]);

  /** Runs `work`, then checks (or writes) the statements it ran against the snapshot file. */
  const snapshot = async (scenario: string, description: string, work: () => Promise<unknown>) => {
    emulator.statements.length = 0;
    await work();
    const text = sqlSnapshot(
      description,
      emulator.statements.map((s) => normalizeSql(s, { schema: db.database, bucket })),
    );
    const file = join(SQL_SNAPSHOT_DIR, `${scenario}.sql`);
    if (WRITE) writeFileSync(file, text);
    expect(existsSync(file) ? readFileSync(file, 'utf8') : `(no file ${file}: run npm run sql:redshift)`).toBe(text);
  };

  beforeAll(async () => {
    world = await EmulatedRedshiftWorld.open('tm_sql');
    ({ db, dir, emulator, bucket } = world);
  });

  afterAll(async () => {
    for (const ctx of contexts) await ctx.close();
    await world?.close();
  });

  it('first load: a new table created and filled', async () => {
    await createTable('orders');
    await insert('orders', 1, '01');
    await insert('orders', 2, '01');
    const ctx = await context([table('orders')]);
    await snapshot(
      '01-first-load',
      'The first load of a table in merge mode: schema, bookkeeping, table, COPY, ledger.',
      () => sync(ctx, 'orders'),
    );
  });

  it('merge: changed and new rows replace and join the loaded ones', async () => {
    const ctx = await context([table('orders')]);
    await update('orders', 2, '02');
    await insert('orders', 3, '02');
    await snapshot(
      '02-merge',
      'A second load in merge mode: the newest version of each key replaces the loaded one.',
      () => sync(ctx, 'orders'),
    );
  });

  it('append: every version is added with its manifest and extraction time', async () => {
    await createTable('events');
    await insert('events', 1, '01');
    const ctx = await context([table('events', { loadMode: 'append' })]);
    await sync(ctx, 'events');
    await update('events', 1, '02');
    await snapshot('03-append', 'A second load in append mode: rows are added, none replaced.', () =>
      sync(ctx, 'events'),
    );
  });

  it('full_sync: a snapshot is built aside and swapped in', async () => {
    await createTable('dims');
    await insert('dims', 1, '01');
    await insert('dims', 2, '01');
    const ctx = await context([table('dims', { strategy: 'full_sync' })]);
    await sync(ctx, 'dims');
    await db.exec('DELETE FROM dims WHERE id = 2');
    await snapshot(
      '04-full-sync-swap',
      'A second full_sync load: the new snapshot replaces the table by renames.',
      () => sync(ctx, 'dims'),
    );
  });

  it('evolution: a new column is added and a VARCHAR widened before the load', async () => {
    const ctx = await context([table('orders')]);
    await db.exec('ALTER TABLE orders ADD COLUMN note VARCHAR(10), MODIFY name VARCHAR(200)');
    await db.exec("UPDATE orders SET note = 'n', updated_at = '2025-01-03 00:00:00' WHERE id = 1");
    await snapshot('05-evolution', 'A load after the source added a column and widened one.', () =>
      sync(ctx, 'orders'),
    );
  });

  it('reconcile: a load committed in the warehouse whose report was lost is only reported again', async () => {
    await createTable('lost');
    await insert('lost', 1, '01');
    // Stands in for a process killed between the warehouse COMMIT and the report
    // (the crash matrix does that for real): the report fails once.
    let lose = true;
    const ctx = await context([table('lost')], (api) =>
      Object.assign(Object.create(api) as WatermarkApi, {
        commitLoad: (commit: Parameters<WatermarkApi['commitLoad']>[0]) => {
          if (lose && commit.manifestIds.length > 0) {
            lose = false;
            return Promise.reject(new Error('the report was lost'));
          }
          return api.commitLoad(commit);
        },
      }),
    );
    await expect(sync(ctx, 'lost')).rejects.toThrow(/the report was lost/);
    await snapshot(
      '06-reconcile',
      'A load after one whose report was lost: the ledger says it is loaded, so nothing is copied.',
      () => sync(ctx, 'lost'),
    );
  });

  const loadOnly = (ctx: SyncHarness, name: string) =>
    ctx.syncTable('shop', `${db.database}.${name}`, { extract: false });
  /** Binlog change manifests (ADR 0042), as the extractor writes them: a first load, then changes of the same keys. */
  const loadChanges = async (name: string, loadMode: 'merge' | 'append') => {
    const ctx = await context([table(name, { strategy: 'id_only', loadMode })]);
    const ID = {
      name: 'id',
      dataType: 'bigint',
      columnType: 'bigint(20) unsigned',
      nullable: false,
      length: null,
      precision: 20,
      scale: 0,
      charset: null,
    };
    const NAME = {
      ...ID,
      name: 'name',
      dataType: 'varchar',
      columnType: 'varchar(20)',
      nullable: true,
      length: 20,
      precision: null,
      charset: 'utf8mb4',
    };
    const changes = new ChangeManifests(await ctx.watermarks(), ctx.store(), dir.path, {
      pipeline: 'shop',
      tableKey: `${db.database}.${name}`,
      location: { prefix: 'tidemark', pipeline: 'shop', connection: 'default', schema: db.database, table: name },
      columns: [ID, NAME],
      primaryKey: ['id'],
      changes: DEFAULT_CHANGES,
      fileTypeOf: (c) => redshiftFileTypeOf(ctx.dialect.typeOf(c)),
    });
    await changes.register([
      [
        { op: 'insert', row: ['1', 'a'], order: 1 },
        { op: 'insert', row: ['2', 'b'], order: 2 },
      ],
    ]);
    await loadOnly(ctx, name);
    await changes.register([
      [
        { op: 'update', row: ['1', 'a2'], order: 3 },
        { op: 'delete', row: ['2', 'b'], order: 4 },
      ],
    ]);
    return ctx;
  };

  it('binlog merge: the last change of each key is applied, a delete removes the row', async () => {
    const ctx = await loadChanges('changed', 'merge');
    await snapshot(
      '08-binlog-merge',
      'A load of binlog changes in merge mode: the change columns are staged, ranked by binlog order, and stay out of the table.',
      () => loadOnly(ctx, 'changed'),
    );
  });

  it('binlog append: every change is a row, with its change columns', async () => {
    const ctx = await loadChanges('changelog', 'append');
    await snapshot(
      '09-binlog-append',
      'A load of binlog changes in append mode: every change, deletes included, is added with its change columns.',
      () => loadOnly(ctx, 'changelog'),
    );
  });

  it('fence: a loader whose fence a newer loader raised during its load cannot commit', async () => {
    await createTable('fenced');
    await insert('fenced', 1, '01');
    const fence = `fenced${FENCE_SUFFIX}`;
    // Stands in for loader B, which took the lease while this loader was
    // loading and raised the fence: done on the emulation database, just
    // before this loader's own fence step (its second LOCK of the fence).
    const raiseByNewerLoader = () =>
      emulator.rows(`UPDATE "${db.database}"."${fence}" SET token = token + 1000`).then(() => undefined);
    const raisedMidLoad = (): Warehouse =>
      Object.assign(Object.create(emulator) as Warehouse, {
        transaction: <T>(setup: string[], work: (session: WarehouseSession) => Promise<T>, onAlive?: () => void) =>
          emulator.transaction(
            setup,
            (session) => {
              let statements = 0;
              const query = async <R>(sql: string, params?: unknown[]) => {
                if (statements++ > 0 && sql.startsWith('LOCK ') && sql.includes(fence)) await raiseByNewerLoader();
                return session.query<R>(sql, params);
              };
              return work(Object.assign(Object.create(session) as WarehouseSession, { query }));
            },
            onAlive,
          ),
      });
    const ctx = await context([table('fenced')], undefined, raisedMidLoad);
    await snapshot(
      '07-fence',
      'A load whose fence a newer loader raised meanwhile: its fence step changes no row, it rolls back.',
      () =>
        expect(sync(ctx, 'fenced')).rejects.toThrow(
          /lease lost: another loader \(token \d+\) took .*nothing was committed/,
        ),
    );
    // The load created the target in its transaction: rolled back, it is not there.
    expect(await emulator.rows('SELECT to_regclass($1) AS target', [`"${db.database}"."fenced"`])).toEqual([
      { target: null },
    ]);
  });
});
