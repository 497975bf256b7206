import { BinlogCursor, Cursor, SourceCommitTimes } from '@tidemark/watermark-model';
import { RowFileWriter } from '../row-file-writer';

export type ChangeOperation = 'insert' | 'update' | 'delete';

/** Where a binlog table's watermark stands after a manifest, but for the order counter, which ChangeFiles keeps. */
export interface ChangeCursor {
  primaryKey: string[] | null;
  binlog: Omit<BinlogCursor, 'order'>;
}

/** Records the writer's buffered rows (maybe none) as one manifest, committed with `maxCursor`. */
export type RecordChanges = (maxCursor: Cursor, sourceCommitTimes?: SourceCommitTimes) => Promise<void>;

/**
 * The files of a binlog table: each row is the source columns, then the
 * change columns (operation, binlog position, change order). The order is a
 * counter carried in the watermark, so it grows across manifests and runs.
 */
export class ChangeFiles {
  private order: bigint;
  private oldest: number | undefined;
  private newest: number | undefined;

  constructor(
    private readonly writer: RowFileWriter,
    private readonly rawLimit: number,
    lastOrder: bigint,
    private readonly record: RecordChanges,
  ) {
    this.order = lastOrder;
  }

  /** Whether enough is buffered to make a file. */
  get full(): boolean {
    return this.writer.bufferedBytes >= this.rawLimit;
  }

  get bufferedRows(): number {
    return this.writer.bufferedRows;
  }

  /** `committedAt`: the source's time of the change (ms), for the manifest's sourceCommitTimes. */
  append(values: unknown[], operation: ChangeOperation, position: string, committedAt?: number): void | Promise<void> {
    this.order += 1n;
    if (committedAt !== undefined) {
      this.oldest = Math.min(this.oldest ?? committedAt, committedAt);
      this.newest = Math.max(this.newest ?? committedAt, committedAt);
    }
    return this.writer.append([...values, operation, position, this.order.toString()]);
  }

  async flush(cursor: ChangeCursor): Promise<void> {
    const times =
      this.oldest === undefined || this.newest === undefined
        ? undefined
        : { oldest: new Date(this.oldest).toISOString(), newest: new Date(this.newest).toISOString() };
    const maxCursor = {
      timestamp: null,
      primaryKey: cursor.primaryKey,
      binlog: { ...cursor.binlog, order: this.order.toString() },
    };
    await this.record(maxCursor, times);
    this.oldest = undefined;
    this.newest = undefined;
  }
}
