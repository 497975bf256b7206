import { Cursor, EMPTY_CURSOR } from '@tidemark/watermark-model';
import { BoundQuery } from '../bound-query';
import { KeysetPage, KeysetTable } from '../keyset-query';
import { typedPlaceholder } from '../typed-placeholder';
import { quoteMysql } from '@tidemark/schema';
import { CdcStrategy, StrategyOptions } from './cdc-strategy';
import { keyOrderPage } from './key-order-page';
import { maxQuery } from './max-query';
import { rowCursor } from './row-cursor';

/**
 * Pages in primary-key order. `id_only` resumes after the stored key and so
 * sees inserts only (never updates); `full_sync` starts at the first key on
 * every run and reads the whole table. The ceiling is the largest key at
 * start (single-column keys), so inserts during the run wait for the next.
 */
export class KeyOrderStrategy implements CdcStrategy {
  readonly needsCursorColumn = false;
  readonly needsPrimaryKey = true;
  readonly paged = true;

  readonly snapshot: boolean;

  constructor(readonly name: 'id_only' | 'full_sync') {
    this.snapshot = name === 'full_sync';
  }

  start(stored: Cursor): Cursor {
    return this.name === 'full_sync' ? EMPTY_CURSOR : { timestamp: null, primaryKey: stored.primaryKey };
  }

  ceilingQuery(t: KeysetTable, o: StrategyOptions): BoundQuery | null {
    return t.keyColumns.length === 1 ? maxQuery(t, t.keyColumns[0], o.filter) : null;
  }

  pageQuery(t: KeysetTable, page: KeysetPage, o: StrategyOptions): BoundQuery {
    const ceiling = page.ceiling !== null && t.keyColumns.length === 1;
    return keyOrderPage(t, page, o, {
      conditions: ceiling ? [`${quoteMysql(t.keyColumns[0].name)} <= ${typedPlaceholder(t.keyColumns[0])}`] : [],
      params: ceiling ? [page.ceiling] : [],
    });
  }

  cursorOf(t: KeysetTable, row: unknown[]): Cursor {
    return rowCursor(t, row, false, true);
  }
}
