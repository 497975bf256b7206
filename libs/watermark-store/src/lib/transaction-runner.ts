import { DataSource, EntityManager } from 'typeorm';

/**
 * Runs work in a transaction. SQLite (one connection, one writer) gets its
 * transactions queued in-process, since TypeORM would otherwise interleave
 * two of them on the same connection; PostgreSQL relies on row locks.
 */
export class TransactionRunner {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly dataSource: DataSource) {}

  get locksRows(): boolean {
    return this.dataSource.options.type === 'postgres';
  }

  run<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    if (this.locksRows) return this.dataSource.transaction(work);
    const next = this.queue.then(() => this.dataSource.transaction(work));
    this.queue = next.catch(() => undefined);
    return next;
  }
}
