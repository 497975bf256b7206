import { DataSource } from 'typeorm';
import { openTestDataSource } from './test-data-source.fixture';
import { WatermarkStore } from './watermark-store';

/**
 * The store's keyed statements are prepared once per PostgreSQL connection
 * (decision 0039). Another replica may migrate the store while this one
 * runs: a prepared statement whose result changes shape would fail
 * ("cached plan must not change result type"), so none reads `*`.
 */
describe('prepared statements of the PostgreSQL store', () => {
  let dataSource: DataSource;
  let cleanup: () => Promise<void>;
  let store: WatermarkStore;
  const id = { pipeline: 'p', table: 'shop.orders' };

  beforeAll(async () => {
    ({ dataSource, cleanup } = await openTestDataSource('postgres'));
    store = new WatermarkStore(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await cleanup?.();
  });

  it('keep answering after a column is added to the tables they read', async () => {
    const schema = (dataSource.options as { schema: string }).schema;
    const lease = await store.acquireLease({ ...id, stage: 'load', holder: 'h', ttlSeconds: 60 });
    await store.releaseLease(lease);
    expect(await store.get(id)).toBeNull();
    await dataSource.query(`ALTER TABLE "${schema}"."tidemark_leases" ADD COLUMN "h_service_extra" integer`);
    await dataSource.query(`ALTER TABLE "${schema}"."tidemark_watermarks" ADD COLUMN "h_service_extra" integer`);
    // The same statements again, on connections that prepared them before the columns existed.
    for (let i = 0; i < 5; i++) {
      const again = await store.acquireLease({ ...id, stage: 'load', holder: 'h', ttlSeconds: 60 });
      expect(again.token).toBe(lease.token + 1 + i);
      await store.releaseLease(again);
      expect(await store.get(id)).toBeNull();
    }
  });
});
