import { PostgresFixture, POSTGRES_URL, uniqueName } from '@tidemark/testing';
import { closeWatermarkDataSource, openWatermarkDataSource } from './create-data-source';
import { STORE_POOL_SIZE, WatermarkStoreOptions } from './watermark-store-options';

/** The pg pool's `max` of a PostgreSQL store opened with `poolSize`. */
async function poolMax(poolSize?: number): Promise<number> {
  const schema = uniqueName('tm_pool');
  const pg = await PostgresFixture.connect();
  await pg.client.query(`CREATE SCHEMA "${schema}"`);
  const options: WatermarkStoreOptions = { type: 'postgres', url: POSTGRES_URL, schema, poolSize };
  const dataSource = await openWatermarkDataSource(options);
  try {
    return (dataSource.driver as unknown as { master: { options: { max: number } } }).master.options.max;
  } finally {
    await closeWatermarkDataSource(dataSource, options);
    await pg.dropSchema(schema);
    await pg.close();
  }
}

describe('the PostgreSQL store pool', () => {
  it(`keeps up to ${STORE_POOL_SIZE} connections by default, and watermarkStore.poolSize when given`, async () => {
    expect(STORE_POOL_SIZE).toBe(20);
    expect(await poolMax()).toBe(20);
    expect(await poolMax(3)).toBe(3);
  });
});
