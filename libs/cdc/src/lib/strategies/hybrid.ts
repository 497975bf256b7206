import { quoteMysql } from '@tidemark/schema';
import { Cursor } from '@tidemark/watermark-model';
import { BoundQuery } from '../bound-query';
import { keysAfter, KeysetPage, KeysetTable, orderBy, qualifiedName, selectList, whereClause } from '../keyset-query';
import { typedPlaceholder } from '../typed-placeholder';
import { CdcStrategy, StrategyName, StrategyOptions } from './cdc-strategy';
import { maxQuery } from './max-query';
import { rowCursor } from './row-cursor';

/**
 * Timestamp column, then primary key: rows strictly after (cursor, key) in
 * (cursor, key) order, up to the ceiling. Rows sharing the boundary
 * timestamp are told apart by the key, so none is skipped or repeated. A
 * cursor with a timestamp but no key (set by hand, or a lookback start)
 * starts at that instant inclusive: re-reading rows is harmless, the
 * loader merges on the key.
 */
export class HybridStrategy implements CdcStrategy {
  readonly needsCursorColumn = true;
  readonly needsPrimaryKey = true;
  readonly snapshot = false;
  readonly paged = true;

  constructor(readonly name: StrategyName = 'hybrid') {}

  start(stored: Cursor): Cursor {
    return stored;
  }

  ceilingQuery(t: KeysetTable, o: StrategyOptions): BoundQuery {
    return maxQuery(t, cursorColumnOf(t), o.filter, o.notAfter);
  }

  pageQuery(t: KeysetTable, page: KeysetPage, o: StrategyOptions): BoundQuery {
    const { column, ts, ph, conditions, params } = upToCeiling(t, page);
    const { timestamp, primaryKey } = page.after;
    if (timestamp !== null && primaryKey) {
      if (primaryKey.length !== t.keyColumns.length) {
        throw new Error(
          `watermark key (${primaryKey.join(', ')}) has ${primaryKey.length} parts but ${t.table} has ${t.keyColumns.length} key columns`,
        );
      }
      const keys = keysAfter(t.keyColumns, primaryKey);
      conditions.push(`(${ts} > ${ph} OR (${ts} = ${ph} AND (${keys.sql})))`);
      params.push(timestamp, timestamp, ...keys.params);
    } else if (timestamp !== null) {
      conditions.push(`${ts} >= ${ph}`);
      params.push(timestamp);
    }
    params.push(page.limit);
    return {
      sql: `SELECT ${selectList(t)} FROM ${qualifiedName(t)}${whereClause(conditions, o.filter)} ORDER BY ${orderBy([column, ...t.keyColumns])} LIMIT ?`,
      params,
    };
  }

  cursorOf(t: KeysetTable, row: unknown[]): Cursor {
    return rowCursor(t, row, true, true);
  }
}

export function cursorColumnOf(t: KeysetTable) {
  if (!t.cursorColumn) throw new Error(`${t.table}: this strategy needs a cursor column`);
  return t.cursorColumn;
}

/** The cursor column, its placeholder, and the `column <= ceiling` condition every timestamp page starts with. */
export function upToCeiling(t: KeysetTable, page: KeysetPage) {
  const column = cursorColumnOf(t);
  const ts = quoteMysql(column.name);
  const ph = typedPlaceholder(column);
  return { column, ts, ph, conditions: [`${ts} <= ${ph}`], params: [page.ceiling] as unknown[] };
}
