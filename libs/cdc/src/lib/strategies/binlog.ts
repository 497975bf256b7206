import { Cursor } from '@tidemark/watermark-model';
import { BoundQuery } from '../bound-query';
import { KeysetPage, KeysetTable } from '../keyset-query';
import { CdcStrategy, StrategyOptions } from './cdc-strategy';
import { KeyOrderStrategy } from './key-order';

/**
 * Binlog capture (ADR 0041). The queries here are those of its snapshot: the
 * table in primary-key chunks, read inside a consistent-snapshot transaction,
 * resuming after the last committed chunk's key while the watermark's phase is
 * `snapshot`. Later runs read the binlog, not the table (libs/extraction).
 */
export class BinlogStrategy implements CdcStrategy {
  readonly name = 'binlog' as const;
  readonly needsCursorColumn = false;
  readonly needsPrimaryKey = true;
  readonly paged = true;
  readonly snapshot = false;
  private readonly chunks = new KeyOrderStrategy('id_only');

  start(stored: Cursor): Cursor {
    const resuming = stored.binlog?.phase === 'snapshot';
    return { timestamp: null, primaryKey: resuming ? stored.primaryKey : null };
  }

  ceilingQuery(): BoundQuery | null {
    return null;
  }

  pageQuery(t: KeysetTable, page: KeysetPage, o: StrategyOptions): BoundQuery {
    return this.chunks.pageQuery(t, { ...page, ceiling: null }, o);
  }

  cursorOf(t: KeysetTable, row: unknown[]): Cursor {
    return this.chunks.cursorOf(t, row);
  }
}
