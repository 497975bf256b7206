import { quoteMysql } from '@tidemark/schema';
import { ColumnSchema, Cursor } from '@tidemark/watermark-model';
import { BoundQuery } from './bound-query';
import { typedPlaceholder } from './typed-placeholder';

export interface KeysetTable {
  schema: string;
  table: string;
  columns: ColumnSchema[];
  cursorColumn: ColumnSchema;
  keyColumns: ColumnSchema[];
}

export interface KeysetPage {
  after: Cursor;
  /** Canonical timestamp fixed at run start: rows newer than this wait for the next run. */
  ceiling: string;
  limit: number;
}

const SPATIAL = /^(geometry|point|linestring|polygon|multipoint|multilinestring|multipolygon|geometrycollection)$/;

export function selectExpression(c: ColumnSchema): string {
  const name = quoteMysql(c.name);
  // Spatial values are read as standard WKB, not as the driver's own objects.
  return SPATIAL.test(c.dataType) ? `ST_AsBinary(${name}) AS ${name}` : name;
}

export function qualifiedName(t: Pick<KeysetTable, 'schema' | 'table'>): string {
  return `${quoteMysql(t.schema)}.${quoteMysql(t.table)}`;
}

/** `k1 > ? OR (k1 = ? AND (k2 > ? OR (k2 = ? AND k3 > ?)))` with its params. */
function keysAfter(keys: ColumnSchema[], values: string[]): BoundQuery {
  const [head, ...rest] = keys;
  const col = quoteMysql(head.name);
  const ph = typedPlaceholder(head);
  if (rest.length === 0) return { sql: `${col} > ${ph}`, params: [values[0]] };
  const inner = keysAfter(rest, values.slice(1));
  return {
    sql: `${col} > ${ph} OR (${col} = ${ph} AND (${inner.sql}))`,
    params: [values[0], values[0], ...inner.params],
  };
}

/**
 * One page of the hybrid strategy: rows strictly after (cursor, key) in
 * (cursor, key) order, up to the ceiling. Rows sharing the boundary
 * timestamp are told apart by the key, so none is skipped or repeated.
 * A cursor with a timestamp but no key (set by hand) starts at that instant
 * inclusive: re-reading rows is harmless, the loader merges on the key.
 */
export function hybridPageQuery(t: KeysetTable, page: KeysetPage): BoundQuery {
  const ts = quoteMysql(t.cursorColumn.name);
  const tsPh = typedPlaceholder(t.cursorColumn);
  const where = [`${ts} <= ${tsPh}`];
  const params: unknown[] = [page.ceiling];
  const { timestamp, primaryKey } = page.after;
  if (timestamp !== null && primaryKey) {
    if (primaryKey.length !== t.keyColumns.length) {
      throw new Error(
        `watermark key (${primaryKey.join(', ')}) has ${primaryKey.length} parts but ${t.table} has ${t.keyColumns.length} key columns`,
      );
    }
    const keys = keysAfter(t.keyColumns, primaryKey);
    where.push(`(${ts} > ${tsPh} OR (${ts} = ${tsPh} AND (${keys.sql})))`);
    params.push(timestamp, timestamp, ...keys.params);
  } else if (timestamp !== null) {
    where.push(`${ts} >= ${tsPh}`);
    params.push(timestamp);
  }
  const order = [ts, ...t.keyColumns.map((k) => quoteMysql(k.name))].join(', ');
  const select = t.columns.map(selectExpression).join(', ');
  params.push(page.limit);
  return {
    sql: `SELECT ${select} FROM ${qualifiedName(t)} WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ?`,
    params,
  };
}
