import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { makeTempDir, PostgresFixture, POSTGRES_URL, uniqueName } from '@tidemark/testing';
import { openWatermarkDataSource } from './create-data-source';
import { WatermarkStore } from './watermark-store';

export type StoreKind = 'sqlite' | 'postgres';

/** A fresh watermark store database of each kind: a SQLite file, or a PostgreSQL schema of its own. */
export async function openTestDataSource(
  kind: StoreKind,
): Promise<{ dataSource: DataSource; cleanup: () => Promise<void> }> {
  if (kind === 'sqlite') {
    const dir = makeTempDir();
    const dataSource = await openWatermarkDataSource({ type: 'sqlite', path: join(dir.path, 'wm.sqlite') });
    return { dataSource, cleanup: async () => dir.remove() };
  }
  const schema = uniqueName('tm_wm');
  const pg = await PostgresFixture.connect();
  await pg.client.query(`CREATE SCHEMA "${schema}"`);
  const dataSource = await openWatermarkDataSource({ type: 'postgres', url: POSTGRES_URL, schema });
  return {
    dataSource,
    cleanup: async () => {
      await pg.dropSchema(schema);
      await pg.close();
    },
  };
}

/** A fresh store of `kind` for the enclosing suite: opened before its tests, closed after them. */
export function storeForSuite(kind: StoreKind): { readonly dataSource: DataSource; readonly store: WatermarkStore } {
  const suite = {} as { dataSource: DataSource; store: WatermarkStore };
  let cleanup: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    ({ dataSource: suite.dataSource, cleanup } = await openTestDataSource(kind));
    suite.store = new WatermarkStore(suite.dataSource);
  });
  afterAll(async () => {
    await suite.dataSource?.destroy();
    await cleanup?.();
  });
  return suite;
}
