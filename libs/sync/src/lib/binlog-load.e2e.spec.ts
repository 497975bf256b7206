import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { TableConfig } from '@tidemark/config';
import { createS3Client } from '@tidemark/object-store';
import { redshiftFileTypeOf } from '@tidemark/schema';
import { RealServers, s3Settings, uniqueName } from '@tidemark/testing';
import { ColumnSchema, Manifest, ManifestChanges } from '@tidemark/watermark-model';

import { EmulatedRedshiftWorld } from '../test/emulated-redshift-world.fixture';
import { ChangeManifests, ChangeRow, DEFAULT_CHANGES } from '../test/change-manifests.fixture';
import { SyncHarness } from '../test/sync-harness.fixture';
import { testConfig } from '../test/test-config.fixture';

/**
 * Binlog change files (Manifest.changes, issue 20) loaded exactly once:
 * merge applies the last change of each key, deletes included; append keeps
 * every change with its change columns. Manifests and Parquet files are
 * built directly (ChangeManifests), as the extractor writes them, in a real
 * S3 bucket, loaded into real PostgreSQL and into the Redshift emulator.
 */

const column = (name: string, columnType: string, more: Partial<ColumnSchema> = {}): ColumnSchema => ({
  name,
  dataType: columnType.replace(/\(.*$/, ''),
  columnType,
  nullable: true,
  length: null,
  precision: null,
  scale: null,
  charset: null,
  ...more,
});
const ID = column('id', 'int(11)', { nullable: false, precision: 10, scale: 0 });
const NAME = column('name', 'varchar(40)', { length: 40, charset: 'utf8mb4' });
const AMOUNT = column('amount', 'decimal(12,2)', { precision: 12, scale: 2 });
const COLUMNS = [ID, NAME, AMOUNT];

interface World {
  ctx: SyncHarness;
  schema: string;
  rows: <T>(sql: string) => Promise<T[]>;
  fileTypeOf?: (c: ColumnSchema) => string;
  close: () => Promise<void>;
}

async function bucketFor(prefix: string): Promise<string> {
  const bucket = uniqueName(prefix).replace(/_/g, '-').toLowerCase();
  await (await createS3Client({ bucket, ...s3Settings() })).send(new CreateBucketCommand({ Bucket: bucket }));
  return bucket;
}

async function postgres(tables: TableConfig[]): Promise<World> {
  const servers = await RealServers.open('h_bl');
  const config = testConfig({ dir: servers.dir.path, objectStore: 's3', bucket: await bucketFor('h-bl') });
  config.pipelines['default'] = { name: 'default', connection: 'default', tables };
  const ctx = await SyncHarness.open(config);
  return {
    ctx,
    schema: servers.db.database,
    rows: (sql) => servers.pg.rows(sql),
    close: async () => {
      await ctx.close();
      await servers.close();
    },
  };
}

async function redshift(tables: TableConfig[]): Promise<World> {
  const world = await EmulatedRedshiftWorld.open('h_bl_rs');
  const ctx = await SyncHarness.onEmulator(
    world.config({ default: { name: 'default', connection: 'default', tables } }),
    world.emulator,
  );
  return {
    ctx,
    schema: world.db.database,
    rows: (sql) => world.emulator.rows(sql),
    fileTypeOf: (c) => redshiftFileTypeOf(ctx.dialect.typeOf(c)),
    close: async () => {
      await ctx.close();
      await world.close();
    },
  };
}

const insert = (order: number, ...row: unknown[]): ChangeRow => ({ op: 'insert', row, order });
const update = (order: number, ...row: unknown[]): ChangeRow => ({ op: 'update', row, order });
const remove = (order: number, ...row: unknown[]): ChangeRow => ({ op: 'delete', row, order });

describe.each([
  ['PostgreSQL', postgres],
  ['the Redshift emulator', redshift],
])('binlog change manifests loaded into %s', (_, open) => {
  const tables: TableConfig[] = [];
  let world: World;
  let workDirectory: string;

  beforeAll(async () => {
    world = await open(tables);
    workDirectory = world.ctx.config.workDirectory;
  });
  afterAll(() => world?.close());

  const key = (name: string) => `${world.schema}.${name}`;
  /** One configured table and its manifest writer per name. */
  const fixtures = new Map<string, ChangeManifests>();
  /** A table's manifest writer: `changes` null writes plain rows (a cursor strategy's manifests). */
  async function table(
    name: string,
    loadMode: NonNullable<TableConfig['loadMode']>,
    columns = COLUMNS,
    changes: ManifestChanges | null = DEFAULT_CHANGES,
  ) {
    const known = fixtures.get(`${name}:${changes === null}`);
    if (known) return known;
    if (!tables.some((t) => t.key === key(name)))
      tables.push({ key: key(name), strategy: 'id_only', cursorColumn: 'id', batchSize: 1000, loadMode });
    const made = new ChangeManifests(await world.ctx.watermarks(), world.ctx.store(), workDirectory, {
      pipeline: 'default',
      tableKey: key(name),
      location: { prefix: 'tidemark', pipeline: 'default', connection: 'default', schema: world.schema, table: name },
      columns,
      primaryKey: ['id'],
      changes: changes ?? undefined,
      fileTypeOf: world.fileTypeOf,
    });
    fixtures.set(`${name}:${changes === null}`, made);
    return made;
  }
  const load = async (name: string) => (await world.ctx.syncTable('default', key(name), { extract: false })).load;
  const content = (name: string, columns = 'id, name, amount') =>
    world.rows<Record<string, unknown>>(`SELECT ${columns} FROM "${world.schema}"."${name}" ORDER BY 1, 2`);
  const columnsOf = async (name: string) =>
    (
      await world.rows<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns WHERE table_schema = '${world.schema}' AND table_name = '${name}' ORDER BY ordinal_position`,
      )
    ).map((r) => r.column_name);
  const ledger = async () =>
    (
      await world.rows<{ manifest_id: string }>(`SELECT manifest_id FROM "${world.schema}"._tidemark_loads ORDER BY 1`)
    ).map((r) => r.manifest_id);
  const row = (id: number, name: string, amount: string | null) => ({ id, name, amount });

  describe('merge mode', () => {
    const registered: Manifest[] = [];

    it('applies inserts, updates and deletes of one key in one batch by their binlog order, and the change columns stay out', async () => {
      const changes = await table('merged', 'merge');
      registered.push(
        await changes.register([
          [
            insert(1, 1, 'a', '1.00'),
            insert(2, 2, 'b', '2.00'),
            update(3, 1, 'a2', '1.50'),
            insert(4, 3, 'c', null),
            remove(5, 2, 'b', '2.00'),
          ],
          [
            update(6, 3, 'c2', '3.00'),
            remove(7, 1, 'a2', '1.50'),
            insert(8, 1, 'a3', '9.99'),
            remove(9, 42, 'never there', null),
          ],
        ]),
      );
      const result = await load('merged');
      expect(result?.manifestsLoaded).toBe(1);
      expect(result?.rowsStaged).toBe(9);
      expect(await content('merged')).toEqual([row(1, 'a3', '9.99'), row(3, 'c2', '3.00')]);
      expect(await columnsOf('merged')).toEqual(['id', 'name', 'amount']);
    });

    it('continues across loads and across manifests loaded together: key changes, replayed inserts, deletes of missing keys', async () => {
      const changes = await table('merged', 'merge');
      registered.push(await changes.register([[update(10, 3, 'c3', '3.00'), remove(11, 1, 'a3', '9.99')]]));
      await load('merged');
      expect(await content('merged')).toEqual([row(3, 'c3', '3.00')]);

      // Two manifests pending, one load: the later manifest's changes win.
      registered.push(
        await changes.register([[insert(12, 4, 'd', null), update(13, 4, 'd2', null), insert(14, 5, 'e', '5.00')]]),
      );
      registered.push(
        await changes.register([
          // The update of key 5 to 6 is a delete of 5 and an insert of 6; 3 is inserted again (a replay
          // after a resumed snapshot, ADR 0037): it replaces the row; 1 is gone already.
          [remove(15, 4, 'd2', null), remove(16, 5, 'e', '5.00'), insert(17, 6, 'e', '5.00')],
          [insert(18, 3, 'c-replayed', '3.33'), remove(19, 1, 'a3', '9.99')],
        ]),
      );
      const result = await load('merged');
      expect(result?.manifestsLoaded).toBe(2);
      expect(await content('merged')).toEqual([row(3, 'c-replayed', '3.33'), row(6, 'e', '5.00')]);
    });

    it('takes the change with the highest order, wherever it sits in the files', async () => {
      const changes = await table('merged', 'merge');
      registered.push(await changes.register([[update(21, 6, 'newest', null), update(20, 6, 'older', null)]]));
      await load('merged');
      expect(await content('merged')).toEqual([row(3, 'c-replayed', '3.33'), row(6, 'newest', null)]);
    });

    it('records each manifest once in the ledger, and loads nothing twice', async () => {
      expect(await ledger()).toEqual(registered.map((m) => m.id).sort());
      const again = await load('merged');
      expect(again?.manifestsLoaded ?? 0).toBe(0);
      expect(await content('merged')).toEqual([row(3, 'c-replayed', '3.33'), row(6, 'newest', null)]);
    });
  });

  describe('a table moving to the binlog strategy', () => {
    it('loads plain rows and the changes registered after them together, the changes winning', async () => {
      const plain = await table('moved', 'merge', COLUMNS, null);
      const changes = await table('moved', 'merge');
      await plain.register([[insert(0, 1, 'row', null), insert(0, 2, 'row', null), insert(0, 3, 'row', null)]]);
      await changes.register([[update(1, 1, 'changed', null), remove(2, 2, 'row', null)]]);
      expect((await load('moved'))?.manifestsLoaded).toBe(2);
      expect(await content('moved')).toEqual([row(1, 'changed', null), row(3, 'row', null)]);
    });

    it('leaves plain rows registered after changes for the next load, which applies them last', async () => {
      const plain = await table('moved_back', 'merge', COLUMNS, null);
      const changes = await table('moved_back', 'merge');
      await changes.register([[insert(1, 1, 'change', null)]]);
      await plain.register([[insert(0, 1, 'row after', null)]]);
      expect((await load('moved_back'))?.manifestsLoaded).toBe(1);
      expect(await content('moved_back')).toEqual([row(1, 'change', null)]);
      expect((await load('moved_back'))?.manifestsLoaded).toBe(1);
      expect(await content('moved_back')).toEqual([row(1, 'row after', null)]);
    });
  });

  it('records a change manifest without files (a watermark move only) as loaded', async () => {
    const changes = await table('quiet', 'merge');
    await changes.register([[insert(1, 1, 'a', null)]]);
    const empty = await changes.register([]);
    expect(empty.files).toEqual([]);
    expect((await load('quiet'))?.manifestsLoaded).toBe(2);
    expect(await content('quiet')).toEqual([row(1, 'a', null)]);
    expect(await ledger()).toContain(empty.id);
  });

  it('append mode keeps every change as a row, deletes included, with the change columns named as in the manifest', async () => {
    const changes = await table('appended', 'append');
    const manifest = await changes.register([
      [insert(1, 1, 'a', '1.00'), update(2, 1, 'b', '2.00'), remove(3, 1, 'b', '2.00')],
    ]);
    await load('appended');
    expect(await columnsOf('appended')).toEqual([
      'id',
      'name',
      'amount',
      '_tidemark_operation',
      '_tidemark_position',
      '_tidemark_change',
      '_tidemark_extracted_at',
      '_tidemark_manifest',
    ]);
    const got = await content(
      'appended',
      'id, "_tidemark_change", name, "_tidemark_operation", "_tidemark_position", "_tidemark_manifest"',
    );
    expect(got.map((r) => Object.values(r).map(String))).toEqual([
      ['1', '1', 'a', 'insert', 'binlog.000001:1', manifest.id],
      ['1', '2', 'b', 'update', 'binlog.000001:2', manifest.id],
      ['1', '3', 'b', 'delete', 'binlog.000001:3', manifest.id],
    ]);
  });

  describe('a source table with columns named like the change columns', () => {
    // The extractor then names its change columns with a suffix (ManifestChanges).
    const HOSTILE = [
      ID,
      column('_tidemark_operation', 'varchar(10)', { length: 10, charset: 'utf8mb4' }),
      column('_tidemark_change', 'bigint(20)'),
    ];
    const SUFFIXED = {
      operationColumn: '_tidemark_operation_2',
      positionColumn: '_tidemark_position',
      orderColumn: '_tidemark_change_2',
    };
    const files = [
      [
        insert(1, 1, 'delete', '7'),
        insert(2, 2, 'insert', '8'),
        remove(3, 2, 'insert', '8'),
        update(4, 1, 'delete', '9'),
      ],
    ];

    it('merges by the change columns, keeping the source columns of those names as data', async () => {
      await (await table('hostile_merge', 'merge', HOSTILE, SUFFIXED)).register(files);
      await load('hostile_merge');
      expect(await columnsOf('hostile_merge')).toEqual(['id', '_tidemark_operation', '_tidemark_change']);
      const got = await content('hostile_merge', 'id, "_tidemark_operation", "_tidemark_change"');
      expect(got.map((r) => Object.values(r).map(String))).toEqual([['1', 'delete', '9']]);
    });

    it('appends with both the source columns and the change columns', async () => {
      await (await table('hostile_append', 'append', HOSTILE, SUFFIXED)).register(files);
      await load('hostile_append');
      const got = await content(
        'hostile_append',
        'id, "_tidemark_change_2", "_tidemark_operation", "_tidemark_change", "_tidemark_operation_2"',
      );
      expect(got.map((r) => Object.values(r).map(String))).toEqual([
        ['1', '1', 'delete', '7', 'insert'],
        ['1', '4', 'delete', '9', 'update'],
        ['2', '2', 'insert', '8', 'insert'],
        ['2', '3', 'insert', '8', 'delete'],
      ]);
    });
  });
});

describe('binlog change files Redshift COPY would refuse (Redshift emulator)', () => {
  const tables: TableConfig[] = [];
  let world: World;
  beforeAll(async () => {
    world = await redshift(tables);
  });
  afterAll(() => world?.close());

  it('refuses an order column not written as the BIGINT it loads into, and commits nothing', async () => {
    const tableKey = `${world.schema}.mistyped`;
    tables.push({ key: tableKey, strategy: 'id_only', cursorColumn: 'id', batchSize: 1000, loadMode: 'merge' });
    const fileTypeOf = world.fileTypeOf as (c: ColumnSchema) => string;
    const changes = new ChangeManifests(
      await world.ctx.watermarks(),
      world.ctx.store(),
      world.ctx.config.workDirectory,
      {
        pipeline: 'default',
        tableKey,
        location: {
          prefix: 'tidemark',
          pipeline: 'default',
          connection: 'default',
          schema: world.schema,
          table: 'mistyped',
        },
        columns: COLUMNS,
        primaryKey: ['id'],
        changes: DEFAULT_CHANGES,
        // INT32 for the order column: Spectrum refuses INT32 into BIGINT (docs/redshift.md "## Types").
        fileTypeOf: (c) => (c.name === DEFAULT_CHANGES.orderColumn ? 'INTEGER' : fileTypeOf(c)),
      },
    );
    await changes.register([[insert(1, 1, 'a', null)]]);
    await expect(world.ctx.syncTable('default', tableKey, { extract: false })).rejects.toThrow(
      /nothing was committed.*incompatible|incompatible.*nothing was committed/s,
    );
    const target = await world.rows(`SELECT to_regclass('"${world.schema}"."mistyped"') AS t`);
    expect(target).toEqual([{ t: null }]);
  });
});
