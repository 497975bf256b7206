import { quoteMysql } from '@tidemark/schema';
import { ColumnSchema, Cursor } from '@tidemark/watermark-model';
import { BoundQuery } from './bound-query';
import { typedPlaceholder } from './typed-placeholder';

export interface KeysetTable {
  schema: string;
  table: string;
  columns: ColumnSchema[];
  /** The timestamp column; null for strategies that page by key only. */
  cursorColumn: ColumnSchema | null;
  keyColumns: ColumnSchema[];
  /** True when `keyColumns` is the table's PRIMARY KEY index, not a key named in the pipeline config. */
  keyIsPrimaryIndex?: boolean;
}

export interface KeysetPage {
  after: Cursor;
  /** Fixed at run start (a timestamp, or a key for key-only strategies): later rows wait for the next run. */
  ceiling: string | null;
  limit: number;
}

const SPATIAL = /^(geometry|point|linestring|polygon|multipoint|multilinestring|multipolygon|geometrycollection)$/;

export function selectExpression(c: ColumnSchema): string {
  const name = quoteMysql(c.name);
  // Spatial values are read as standard WKB, not as the driver's own objects.
  if (SPATIAL.test(c.dataType)) return `ST_AsBinary(${name}) AS ${name}`;
  // MySQL prints a FLOAT rounded to 6 digits; as a DOUBLE it keeps every bit.
  if (c.dataType === 'float') return `(${name} + 0) AS ${name}`;
  return name;
}

export function qualifiedName(t: Pick<KeysetTable, 'schema' | 'table'>): string {
  return `${quoteMysql(t.schema)}.${quoteMysql(t.table)}`;
}

/** `k1 > ? OR (k1 = ? AND (k2 > ? OR (k2 = ? AND k3 > ?)))` with its params. */
export function keysAfter(keys: ColumnSchema[], values: string[]): BoundQuery {
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

export function selectList(t: KeysetTable): string {
  return t.columns.map(selectExpression).join(', ');
}

export function orderBy(columns: ColumnSchema[]): string {
  return columns.map((c) => quoteMysql(c.name)).join(', ');
}

/** `WHERE a AND b AND (filter)`, or nothing. */
export function whereClause(conditions: string[], filter?: string): string {
  const all = filter ? [...conditions, `(${filter})`] : conditions;
  return all.length ? ` WHERE ${all.join(' AND ')}` : '';
}
