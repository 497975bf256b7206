import type { DataSource } from 'typeorm';
import { identifierRulesOf, loadConfig, PipelineConfig, resolvePipeline, TidemarkConfig } from '@tidemark/config';
import { createObjectStore, ObjectStore } from '@tidemark/object-store';
import { makeTempDir, writeConfigFiles } from '@tidemark/testing';
import { Manifest, WatermarkApi } from '@tidemark/watermark-model';
import { closeWatermarkDataSource, openWatermarkDataSource, WatermarkStore } from '@tidemark/watermark-store';
import { CleanupInputs } from './cleanup-inputs';
import { cleanTable } from './clean-table';
import { KEEP_ALL, KeepRestorable } from './keep-restorable';
import { tableInventory } from './table-inventory';

// A real SQLite watermark store and a real local-directory store, opened from the config as the CLI opens them; no MySQL needed.
describe('tableInventory (real watermark store and local object store)', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let config: TidemarkConfig;
  let dataSource: DataSource;
  let inputs: CleanupInputs;
  let pipeline: PipelineConfig;
  let store: ObjectStore;
  let watermarks: WatermarkApi;
  const folder = 'tidemark/default/default/shop/orders';
  const customers = 'tidemark/default/default/shop/customers';
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  async function register(table: string, id: string, key: string): Promise<void> {
    const manifest: Manifest = {
      version: 1,
      id,
      pipeline: 'default',
      table,
      runId: id.replace(/-\d+$/, ''),
      sequence: 1,
      createdAt: '2025-01-01T00:00:00.000Z',
      strategy: 'hybrid',
      cursorColumn: 'updated_at',
      primaryKey: ['id'],
      columns: [],
      schemaFingerprint: 'none',
      files: [{ key, uri: store.uri(key), rows: 1, bytes: 4, sha256: '0'.repeat(64) }],
      rowCount: 1,
      byteCount: 4,
      minCursor: { timestamp: '2025-01-01 00:00:00.000000', primaryKey: ['1'] },
      maxCursor: { timestamp: '2025-01-01 00:00:00.000000', primaryKey: ['1'] },
    };
    await store.putBytes(key, 'PAR1');
    await store.putBytes(key.replace(/\.parquet$/, '.manifest.json'), JSON.stringify(manifest));
    await watermarks.commitExtract({ pipeline: 'default', table, manifest });
  }

  beforeAll(async () => {
    dir = makeTempDir();
    config = loadConfig(writeConfigFiles(dir.path, 'config'));
    store = createObjectStore(config.objectStore);
    dataSource = await openWatermarkDataSource(config.watermarkStore);
    watermarks = new WatermarkStore(dataSource);
    inputs = { store, watermarks: { api: async () => watermarks }, objectPrefix: config.objectStore.prefix };
    pipeline = resolvePipeline(config, 'default', identifierRulesOf(config.warehouse.type));
    await register('shop.orders', 'run1-00001', `${folder}/2025/01/01/run1-00001.parquet`);
    // The same folder, written through the connection-qualified key of the same table.
    await register('default:shop.orders', 'run2-00001', `${folder}/2025/01/02/run2-00001.parquet`);
    await store.putBytes(`${folder}/2025/01/03/crash-00001.parquet`, 'PAR1');
    await store.putBytes('tidemark/default/default/shop/orders_old/2025/01/01/x.parquet', 'PAR1');

    // A Redshift load writes `<id>.copy-manifest.json` next to each manifest's files.
    await register('shop.customers', 'cust1-00001', `${customers}/2025/01/01/cust1-00001.parquet`);
    await register('shop.customers', 'cust2-00001', `${customers}/2025/01/02/cust2-00001.parquet`);
    await watermarks.commitLoad({ pipeline: 'default', table: 'shop.customers', manifestIds: ['cust1-00001'] });
    for (const key of ['2025/01/01/cust1-00001', '2025/01/02/cust2-00001', '2025/01/03/crash-00001']) {
      await store.putBytes(`${customers}/${key}.copy-manifest.json`, '{"entries":[]}');
    }
    await sleep(20); // every object is then older than a 0 ms threshold
  });

  afterAll(async () => {
    if (dataSource) await closeWatermarkDataSource(dataSource, config.watermarkStore);
    dir?.remove();
  });

  it("counts a file registered under the folder's other table key as registered, not as an orphan", async () => {
    const inventory = await tableInventory(inputs, pipeline, 'shop.orders');
    expect(inventory.prefix).toBe(folder);
    expect(inventory.objects.map((o) => [o.relativeKey, o.status, o.manifestId])).toEqual([
      ['2025/01/01/run1-00001.manifest.json', 'pending', 'run1-00001'],
      ['2025/01/01/run1-00001.parquet', 'pending', 'run1-00001'],
      ['2025/01/02/run2-00001.manifest.json', 'pending', 'run2-00001'],
      ['2025/01/02/run2-00001.parquet', 'pending', 'run2-00001'],
      ['2025/01/03/crash-00001.parquet', 'orphaned', null],
    ]);
  });

  it("gives a COPY manifest <id>.copy-manifest.json manifest <id>'s status, and 'orphaned' when <id> is not registered", async () => {
    const inventory = await tableInventory(inputs, pipeline, 'shop.customers');
    expect(inventory.objects.map((o) => [o.relativeKey, o.status, o.manifestId])).toEqual([
      ['2025/01/01/cust1-00001.copy-manifest.json', 'loaded', 'cust1-00001'],
      ['2025/01/01/cust1-00001.manifest.json', 'loaded', 'cust1-00001'],
      ['2025/01/01/cust1-00001.parquet', 'loaded', 'cust1-00001'],
      ['2025/01/02/cust2-00001.copy-manifest.json', 'pending', 'cust2-00001'],
      ['2025/01/02/cust2-00001.manifest.json', 'pending', 'cust2-00001'],
      ['2025/01/02/cust2-00001.parquet', 'pending', 'cust2-00001'],
      ['2025/01/03/crash-00001.copy-manifest.json', 'orphaned', null],
    ]);
  });

  it("keeps a pending manifest's COPY manifest when cleaning, as it keeps the manifest's other files", async () => {
    const copyManifests = async (keepRestorable: KeepRestorable) =>
      (await cleanTable(inputs, pipeline, 'shop.customers', { olderThanMs: 0, dryRun: true, keepRestorable })).objects
        .filter((o) => o.relativeKey.endsWith('.copy-manifest.json'))
        .map((o) => [o.relativeKey, o.reason]);
    expect(await copyManifests({ kind: 'none' })).toEqual([
      ['2025/01/01/cust1-00001.copy-manifest.json', 'deleted'],
      ['2025/01/02/cust2-00001.copy-manifest.json', 'kept-pending'],
      ['2025/01/03/crash-00001.copy-manifest.json', 'deleted'],
    ]);
    // By default a loaded manifest's objects stay for restore, an orphan's still go.
    expect(await copyManifests(KEEP_ALL)).toEqual([
      ['2025/01/01/cust1-00001.copy-manifest.json', 'kept-restorable'],
      ['2025/01/02/cust2-00001.copy-manifest.json', 'kept-pending'],
      ['2025/01/03/crash-00001.copy-manifest.json', 'deleted'],
    ]);
  });

  it('refuses a table without a watermark, naming it', async () => {
    await expect(tableInventory(inputs, pipeline, 'shop.orders_old')).rejects.toThrow(
      'table shop.orders_old has no watermark in pipeline "default": it has never been synced, so none of its files are known',
    );
  });
});
