import { quoteMysql } from '@tidemark/schema';
import { ColumnSchema } from '@tidemark/watermark-model';
import { BoundQuery } from '../bound-query';
import { KeysetTable, qualifiedName, whereClause } from '../keyset-query';
import { typedPlaceholder } from '../typed-placeholder';

/** `SELECT COUNT(*) AS n FROM t WHERE col > after [AND (filter)]`. */
export function countAfterQuery(t: KeysetTable, column: ColumnSchema, after: string, filter?: string): BoundQuery {
  const col = quoteMysql(column.name);
  return {
    sql: `SELECT COUNT(*) AS n FROM ${qualifiedName(t)}${whereClause([`${col} > ${typedPlaceholder(column)}`], filter)}`,
    params: [after],
  };
}

/** The name of the ceiling query's one result; a column of that name is no trouble (WHERE never sees results). */
export const CEILING_ALIAS = 'ceiling';

/** `SELECT MAX(col) AS ceiling FROM t [WHERE col <= notAfter AND (filter)]`. */
export function maxQuery(t: KeysetTable, column: ColumnSchema, filter?: string, notAfter?: string): BoundQuery {
  const col = quoteMysql(column.name);
  const conditions = notAfter === undefined ? [] : [`${col} <= ${typedPlaceholder(column)}`];
  return {
    sql: `SELECT MAX(${col}) AS ${CEILING_ALIAS} FROM ${qualifiedName(t)}${whereClause(conditions, filter)}`,
    params: notAfter === undefined ? [] : [notAfter],
  };
}
