import { Cursor } from '@tidemark/watermark-model';
import { BoundQuery } from '../bound-query';
import { KeysetPage, KeysetTable, orderBy, qualifiedName, selectList, whereClause } from '../keyset-query';
import { CdcStrategy, StrategyOptions } from './cdc-strategy';
import { cursorColumnOf, upToCeiling } from './hybrid';
import { maxQuery } from './max-query';
import { rowCursor } from './row-cursor';

/**
 * The timestamp column alone, for tables without a usable key. Without a
 * key a page boundary inside a run of equal timestamps cannot be resumed
 * exactly, so the whole window (cursor, ceiling] is one streamed query, and
 * `--limit` stops only between two timestamps.
 */
export class TimestampOnlyStrategy implements CdcStrategy {
  readonly name = 'timestamp_only' as const;
  readonly needsCursorColumn = true;
  readonly needsPrimaryKey = false;
  readonly snapshot = false;
  readonly paged = false;

  start(stored: Cursor): Cursor {
    return { timestamp: stored.timestamp, primaryKey: null };
  }

  ceilingQuery(t: KeysetTable, o: StrategyOptions): BoundQuery {
    return maxQuery(t, cursorColumnOf(t), o.filter, o.notAfter);
  }

  pageQuery(t: KeysetTable, page: KeysetPage, o: StrategyOptions): BoundQuery {
    const { column, ts, ph, conditions, params } = upToCeiling(t, page);
    if (page.after.timestamp !== null) {
      conditions.push(`${ts} > ${ph}`);
      params.push(page.after.timestamp);
    }
    return {
      sql: `SELECT ${selectList(t)} FROM ${qualifiedName(t)}${whereClause(conditions, o.filter)} ORDER BY ${orderBy([column])}`,
      params,
    };
  }

  cursorOf(t: KeysetTable, row: unknown[]): Cursor {
    return rowCursor(t, row, true, false);
  }
}
