import { DataSource } from 'typeorm';
import { TidemarkError } from '@tidemark/errors';
import { describeStore } from './store-unreachable';
import { PostgresStoreOptions } from './watermark-store-options';

/** The advisory lock class of Tidemark's schema migrations ("tmk" in ASCII); its second key is the schema's hash. */
const MIGRATION_LOCK_CLASS = 0x746d6b;

/** PostgreSQL's SQLSTATE for a statement cancelled by statement_timeout. */
const QUERY_CANCELED = '57014';

/**
 * Brings a PostgreSQL store's schema up to date, one process at a time.
 * TypeORM checks which migrations ran and then runs the rest; two processes
 * doing that at once (replicas started together, or the first commands
 * after an upgrade) both run the same migration, and all but one fail with
 * "relation already exists". Here each waits on a session-level advisory
 * lock of the schema, so the later ones find nothing left to run.
 */
export async function migrateOneAtATime(
  dataSource: DataSource,
  options: PostgresStoreOptions,
  statementTimeoutSeconds: number,
): Promise<void> {
  const lockHolder = dataSource.createQueryRunner();
  // No schema given: the server's default one, whatever its name, locked under ''.
  const key = [MIGRATION_LOCK_CLASS, options.schema ?? ''];
  try {
    try {
      await lockHolder.query('SELECT pg_advisory_lock($1, hashtext($2))', key);
    } catch (error) {
      if ((error as { code?: string }).code !== QUERY_CANCELED) throw error;
      throw new TidemarkError(
        'WATERMARK_STORE',
        `cannot open the ${describeStore(options)}: another process has been updating its tables for over ` +
          `${statementTimeoutSeconds} s (watermarkStore.statementTimeoutSeconds); start again once it is done, or stop it if it hangs`,
        { cause: error },
      );
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
