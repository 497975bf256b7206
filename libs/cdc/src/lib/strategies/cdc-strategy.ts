import { Cursor } from '@tidemark/watermark-model';
import { BoundQuery } from '../bound-query';
import { KeysetPage, KeysetTable } from '../keyset-query';

export type StrategyName = 'hybrid' | 'timestamp_only' | 'id_only' | 'full_sync' | 'custom' | 'binlog';
export const STRATEGY_NAMES: StrategyName[] = ['hybrid', 'timestamp_only', 'id_only', 'full_sync', 'custom', 'binlog'];

export interface StrategyOptions {
  /** A validated WHERE fragment added to every query (required by `custom`). */
  filter?: string;
  /** Canonical timestamp: the ceiling never passes it (now − lag), for timestamp strategies. */
  notAfter?: string;
}

/**
 * How one CDC strategy reads a table: where a run starts, the ceiling it
 * fixes at start so it always ends, the query for each page, and the cursor
 * a row leaves behind. Pure: it builds SQL with bound values, it runs none.
 */
export interface CdcStrategy {
  readonly name: StrategyName;
  readonly needsCursorColumn: boolean;
  readonly needsPrimaryKey: boolean;
  /** False: one query streams the whole window (no LIMIT paging). */
  readonly paged: boolean;
  /** True: a run reads the whole table, and its files form one snapshot that replaces the target. */
  readonly snapshot: boolean;
  /** Where this run starts from the stored cursor. */
  start(stored: Cursor): Cursor;
  /** `SELECT … AS ceiling`; null when the strategy has no ceiling for this table. */
  ceilingQuery(t: KeysetTable, o: StrategyOptions): BoundQuery | null;
  pageQuery(t: KeysetTable, page: KeysetPage, o: StrategyOptions): BoundQuery;
  /** The cursor after `row` (values in `t.columns` order, as exact strings). */
  cursorOf(t: KeysetTable, row: unknown[]): Cursor;
}
