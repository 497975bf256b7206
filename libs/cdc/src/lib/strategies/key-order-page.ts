import { BoundQuery } from '../bound-query';
import { keysAfter, KeysetPage, KeysetTable, orderBy, qualifiedName, selectList, whereClause } from '../keyset-query';
import { StrategyOptions } from './cdc-strategy';

/**
 * A page in key order: the rows that meet `bounds` (each strategy's
 * ceiling) and come after the page's key, `ORDER BY` the key, `LIMIT ?`.
 * `from` follows the table's name (an index hint, or nothing).
 */
export function keyOrderPage(
  t: KeysetTable,
  page: KeysetPage,
  o: StrategyOptions,
  bounds: { conditions: string[]; params: unknown[] },
  from = '',
): BoundQuery {
  const conditions = [...bounds.conditions];
  const params = [...bounds.params];
  if (page.after.primaryKey) {
    const keys = keysAfter(t.keyColumns, page.after.primaryKey);
    conditions.push(`(${keys.sql})`);
    params.push(...keys.params);
  }
  params.push(page.limit);
  return {
    sql: `SELECT ${selectList(t)} FROM ${qualifiedName(t)}${from}${whereClause(conditions, o.filter)} ORDER BY ${orderBy(t.keyColumns)} LIMIT ?`,
    params,
  };
}
