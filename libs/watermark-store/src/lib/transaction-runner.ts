import { DataSource, EntityManager } from 'typeorm';

/**
 * A write that changes nothing. As a SQLite transaction's first statement it
 * takes the database's write lock, waiting for another process's writer
 * (busy_timeout). TypeORM begins SQLite transactions DEFERRED: one that
 * read first and then found another process had written since could not
 * write at all ("database is locked" at once, whatever the busy_timeout).
 */
export const TAKE_SQLITE_WRITE_LOCK = 'UPDATE "tidemark_settings" SET "key" = "key" WHERE 0';

/**
 * Runs work in a transaction. SQLite (one connection, one writer) gets its
 * transactions queued in-process, since TypeORM would otherwise interleave
 * two of them on the same connection, and each holds the write lock from
 * its start, so processes sharing the file take turns; PostgreSQL relies
 * on row locks.
 */
export class TransactionRunner {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly dataSource: DataSource) {}

  get locksRows(): boolean {
    return this.dataSource.options.type === 'postgres';
  }

  run<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    if (this.locksRows) return this.dataSource.transaction(work);
    const next = this.queue.then(() =>
      this.dataSource.transaction(async (m) => {
        await m.query(TAKE_SQLITE_WRITE_LOCK);
        return work(m);
      }),
    );
    this.queue = next.catch(() => undefined);
    return next;
  }
}
