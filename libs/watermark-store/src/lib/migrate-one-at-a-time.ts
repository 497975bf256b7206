import { DataSource } from 'typeorm';
import { TidemarkError } from '@tidemark/errors';
import { describeStore, isSqliteBusy } from './store-unreachable';
import {
  busyTimeoutSecondsOf,
  PostgresStoreOptions,
  SqliteStoreOptions,
  statementTimeoutSecondsOf,
  WatermarkStoreOptions,
} from './watermark-store-options';

/** The advisory lock class of Tidemark's schema migrations ("tmk" in ASCII); its second key is the schema's hash. */
const MIGRATION_LOCK_CLASS = 0x746d6b;

/** PostgreSQL's SQLSTATE for a statement cancelled by statement_timeout. */
const QUERY_CANCELED = '57014';

/**
 * Brings the store's tables up to date, one process at a time. TypeORM
 * checks which migrations ran and then runs the rest; two processes doing
 * that at once (replicas started together, or the first commands after an
 * upgrade) both run the same migration, and all but one fail ("relation
 * already exists", "database is locked"). Here each waits for the others,
 * and then finds nothing left to run.
 */
export function migrateOneAtATime(dataSource: DataSource, options: WatermarkStoreOptions): Promise<void> {
  return options.type === 'postgres'
    ? migrateUnderAdvisoryLock(dataSource, options)
    : migrateInWriteTransaction(dataSource, options);
}

/** PostgreSQL: a session-level advisory lock of the schema, held while the migrations run in a transaction each. */
async function migrateUnderAdvisoryLock(dataSource: DataSource, options: PostgresStoreOptions) {
  const lockHolder = dataSource.createQueryRunner();
  // No schema given: the server's default one, whatever its name, locked under ''.
  const key = [MIGRATION_LOCK_CLASS, options.schema ?? ''];
  try {
    try {
      await lockHolder.query('SELECT pg_advisory_lock($1, hashtext($2))', key);
    } catch (error) {
      throw (error as { code?: string }).code === QUERY_CANCELED
        ? waitedTooLong(options, statementTimeoutSecondsOf(options), 'watermarkStore.statementTimeoutSeconds', error)
        : error;
    }
    try {
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await lockHolder.query('SELECT pg_advisory_unlock($1, hashtext($2))', key);
    }
  } finally {
    await lockHolder.release();
  }
}

/**
 * SQLite (one connection per process): every migration inside one
 * transaction that takes the database's write lock when it begins, so a
 * second process waits for it (busy_timeout) instead of reading the
 * migrations table in between.
 */
async function migrateInWriteTransaction(dataSource: DataSource, options: SqliteStoreOptions) {
  try {
    await dataSource.query('BEGIN IMMEDIATE');
  } catch (error) {
    throw isSqliteBusy(error)
      ? waitedTooLong(options, busyTimeoutSecondsOf(options), 'watermarkStore.busyTimeoutSeconds', error)
      : error;
  }
  try {
    await dataSource.runMigrations({ transaction: 'none' });
    await dataSource.query('COMMIT');
  } catch (error) {
    // SQLite ends the transaction itself after some errors (a full disk): then there is nothing to roll back.
    await dataSource.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

function waitedTooLong(
  options: WatermarkStoreOptions,
  seconds: number,
  setting: string,
  cause: unknown,
): TidemarkError {
  return new TidemarkError(
    'WATERMARK_STORE',
    `cannot open the ${describeStore(options)}: another process has been updating its tables for over ${seconds} s ` +
      `(${setting}); start again once it is done, or stop it if it hangs`,
    { cause },
  );
}
