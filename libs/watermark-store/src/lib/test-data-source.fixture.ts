import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { makeTempDir, PostgresFixture, POSTGRES_URL, uniqueName } from '@tidemark/testing';
import { openWatermarkDataSource } from './create-data-source';

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
