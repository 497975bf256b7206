import { join } from 'node:path';
import { DataSource, MigrationExecutor } from 'typeorm';
import { makeTempDir, PostgresFixture, POSTGRES_URL, uniqueName } from '@tidemark/testing';
import { closeWatermarkDataSource, openWatermarkDataSource } from './create-data-source';
import { describeStore } from './store-unreachable';
import { WatermarkStoreOptions } from './watermark-store-options';

/** As many openers as a deployment starts at once: replicas of the service, or `tidemark` commands from one cron minute. */
const OPENERS = 4;
const ROUNDS = 3;

/** Opens the new store `OPENERS` times at once; the errors of those that failed, and the migrations the store ended with. */
async function openAtOnce(options: WatermarkStoreOptions): Promise<{ errors: string[]; migrations: string[] }> {
  const opened = await Promise.allSettled(Array.from({ length: OPENERS }, () => openWatermarkDataSource(options)));
  const sources = opened.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
  try {
    const errors = opened.flatMap((o) => (o.status === 'rejected' ? [(o.reason as Error).message] : []));
    const migrations = sources.length > 0 ? await appliedMigrations(sources[0]) : [];
    return { errors, migrations };
  } finally {
    await Promise.all(sources.map((s) => closeWatermarkDataSource(s, options)));
  }
}

/** The migrations the store recorded as run, oldest first: each once if it was migrated once. */
async function appliedMigrations(dataSource: DataSource): Promise<string[]> {
  const executed = await new MigrationExecutor(dataSource).getExecutedMigrations();
  return executed.map((m) => m.name).sort();
}

const everyMigration = (dataSource: DataSource) => dataSource.migrations.map((m) => m.name ?? '').sort();

describe('a new watermark store opened by several processes at the same moment', () => {
  let expected: string[];

  beforeAll(async () => {
    const dir = makeTempDir();
    const options: WatermarkStoreOptions = { type: 'sqlite', path: join(dir.path, 'reference.sqlite') };
    const reference = await openWatermarkDataSource(options);
    expected = everyMigration(reference);
    await closeWatermarkDataSource(reference, options);
    dir.remove();
  });

  it(`PostgreSQL: all ${OPENERS} open it, and its schema is migrated once (${ROUNDS} new schemas)`, async () => {
    const pg = await PostgresFixture.connect();
    try {
      for (let round = 0; round < ROUNDS; round++) {
        const schema = uniqueName('tm_open');
        await pg.client.query(`CREATE SCHEMA "${schema}"`);
        try {
          expect(await openAtOnce({ type: 'postgres', url: POSTGRES_URL, schema })).toEqual({
            errors: [],
            migrations: expected,
          });
        } finally {
          await pg.dropSchema(schema);
        }
      }
    } finally {
      await pg.close();
    }
  });

  it(`SQLite: all ${OPENERS} open the same new file, and it is migrated once (${ROUNDS} new files)`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const dir = makeTempDir();
      try {
        expect(await openAtOnce({ type: 'sqlite', path: join(dir.path, 'wm.sqlite') })).toEqual({
          errors: [],
          migrations: expected,
        });
      } finally {
        dir.remove();
      }
    }
  });

  it('PostgreSQL: an opener that waits longer than the statement timeout for another one says so, and creates nothing', async () => {
    const pg = await PostgresFixture.connect();
    const holder = await PostgresFixture.connect();
    const schema = uniqueName('tm_open');
    await pg.client.query(`CREATE SCHEMA "${schema}"`);
    try {
      // Another process in the middle of the migrations: it holds their lock of this schema.
      await holder.client.query("SELECT pg_advisory_lock(x'746d6b'::int, hashtext($1))", [schema]);
      const options: WatermarkStoreOptions = {
        type: 'postgres',
        url: POSTGRES_URL,
        schema,
        statementTimeoutSeconds: 1,
      };
      await expect(openWatermarkDataSource(options)).rejects.toThrow(
        `cannot open the ${describeStore(options)}: another process has been updating ` +
          'its tables for over 1 s (watermarkStore.statementTimeoutSeconds); start again once it is done, or stop it if it hangs',
      );
      expect(
        await pg.rows('SELECT table_name FROM information_schema.tables WHERE table_schema = $1', [schema]),
      ).toEqual([]);

      await holder.client.query("SELECT pg_advisory_unlock(x'746d6b'::int, hashtext($1))", [schema]);
      const opened = await openWatermarkDataSource(options);
      expect(await appliedMigrations(opened)).toEqual(expected);
      await closeWatermarkDataSource(opened, options);
    } finally {
      await holder.close();
      await pg.dropSchema(schema);
      await pg.close();
    }
  });

  it('SQLite: an opener that waits longer than the busy timeout for another writer says so, and creates nothing', async () => {
    const dir = makeTempDir();
    const path = join(dir.path, 'wm.sqlite');
    // Another process in the middle of the migrations: it holds the file's write lock.
    const holder = await new DataSource({ type: 'better-sqlite3', database: path }).initialize();
    await holder.query('PRAGMA journal_mode = WAL');
    await holder.query('BEGIN IMMEDIATE');
    try {
      const options: WatermarkStoreOptions = { type: 'sqlite', path, busyTimeoutSeconds: 1 };
      await expect(openWatermarkDataSource(options)).rejects.toThrow(
        `cannot open the ${describeStore(options)}: another process has been updating its tables for over 1 s ` +
          '(watermarkStore.busyTimeoutSeconds); start again once it is done, or stop it if it hangs',
      );
      expect(await holder.query("SELECT name FROM sqlite_master WHERE type = 'table'")).toEqual([]);

      await holder.query('COMMIT');
      const opened = await openWatermarkDataSource(options);
      expect(await appliedMigrations(opened)).toEqual(expected);
      await closeWatermarkDataSource(opened, options);
    } finally {
      await holder.destroy();
      dir.remove();
    }
  });
});
