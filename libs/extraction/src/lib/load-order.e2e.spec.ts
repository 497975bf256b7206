import { schemaFingerprint } from '@tidemark/schema';
import { Manifest } from '@tidemark/watermark-model';
import { ExtractorFixture } from '../test/extractor.fixture';

/**
 * Every file ends with its manifest's load order (ADR 0015): a plain INT64,
 * one value per manifest, growing in the order the manifests are
 * registered, across files, flushes, runs and a watermark reset.
 */
describe('the load-order column in every file (real MariaDB, real Parquet files)', () => {
  let fx: ExtractorFixture;

  beforeAll(async () => {
    fx = await ExtractorFixture.create('tm_order');
    await fx.db.exec('CREATE TABLE plain (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, v VARCHAR(20))');
    // A user column with the generated name: the file's column must take another.
    await fx.db.exec(
      'CREATE TABLE taken (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, `_TIDEMARK_LOAD_ORDER` VARCHAR(8), `_tidemark_load_order_2` INT)',
    );
  });
  afterAll(() => fx?.close());

  const tableId = (table: string) => ({ pipeline: 'p', table: `${fx.db.database}.${table}` });
  /** Every manifest the table registered, in registration order (loaded ones too: the loader never ran here). */
  const manifests = (table: string): Promise<Manifest[]> => fx.watermarks.pendingManifests(tableId(table));

  const insert = (table: string, from: number, count: number) =>
    fx.db.insert(
      table,
      ['id', 'updated_at', 'v'],
      Array.from({ length: count }, (_, i) => [from + i, `2025-02-01 00:00:${String((from + i) % 60).padStart(2, '0')}`, `r${from + i}`]),
    );

  /** The file's last column, and every value it holds. */
  const lastColumn = async (key: string) => {
    const schema = await fx.fileSchema(key);
    const last = schema[schema.length - 1];
    return { schema, last, values: await fx.distinctValues(key, last.name) };
  };

  it('writes the manifest load order as the last column of every file, as a signed INT64 (INT_64, never UINT_64)', async () => {
    await insert('plain', 1, 6);
    // A tiny file target and 2 slices: every page is its own manifest, of two files where rows allow.
    const run = await fx.extractor(1, 2).run(fx.request('plain', { batchSize: 2 }));
    const registered = await manifests('plain');
    expect(registered.map((m) => m.id)).toEqual(run.manifestIds);
    expect(registered.length).toBeGreaterThanOrEqual(3);
    for (const manifest of registered) {
      expect(manifest.loadOrder?.column).toBe('_tidemark_load_order');
      // The manifest's columns are the source's: its fingerprint does not see the load order.
      expect(manifest.columns.map((c) => c.name)).toEqual(['id', 'updated_at', 'v']);
      expect(manifest.schemaFingerprint).toBe(schemaFingerprint(manifest.columns));
      for (const file of manifest.files) {
        const { schema, last, values } = await lastColumn(file.key);
        expect(schema.map((c) => c.name)).toEqual(['id', 'updated_at', 'v', '_tidemark_load_order']);
        expect(last).toEqual({ name: '_tidemark_load_order', type: 'INT64', converted_type: 'INT_64', logical_type: null });
        expect(values).toEqual([manifest.loadOrder?.value]);
      }
    }
  });

  it('grows with every manifest, across runs and after a watermark reset', async () => {
    await insert('plain', 7, 3);
    await fx.extractor(1).run(fx.request('plain', { batchSize: 2 }));
    await fx.watermarks.reset(tableId('plain'), 'extract', 'spec');
    // The reset reads the table again from the start: its manifests still come after every earlier one.
    await fx.extractor(1).run(fx.request('plain', { batchSize: 4 }));
    const orders = (await manifests('plain')).map((m) => BigInt(m.loadOrder?.value ?? '0'));
    expect(orders.length).toBeGreaterThanOrEqual(8);
    for (let i = 1; i < orders.length; i++) expect(orders[i]).toBeGreaterThan(orders[i - 1]);
  });

  it('yields to source columns of the same name, in any case', async () => {
    await fx.db.exec("INSERT INTO taken VALUES (1, '2025-02-01 00:00:00', 'mine', 7)");
    await fx.extractor().run(fx.request('taken'));
    const [manifest] = await manifests('taken');
    expect(manifest.loadOrder?.column).toBe('_tidemark_load_order_3');
    const { schema, values } = await lastColumn(manifest.files[0].key);
    expect(schema.map((c) => [c.name, c.type])).toEqual([
      ['id', 'INT32'],
      ['updated_at', 'INT64'],
      ['_TIDEMARK_LOAD_ORDER', 'BYTE_ARRAY'],
      ['_tidemark_load_order_2', 'INT32'],
      ['_tidemark_load_order_3', 'INT64'],
    ]);
    expect(values).toEqual([manifest.loadOrder?.value]);
    // The user's own columns keep their values.
    expect(await fx.readParquet('taken')).toEqual([['1', '2025-02-01 00:00:00', 'mine', '7']]);
  });
});
