import { badInput } from '@tidemark/errors';
import { decimalOf, isBoolean, parquetTypeOf } from '@tidemark/schema';
import { ColumnSchema } from '@tidemark/watermark-model';

/**
 * How a column is compared. Every kind but the three "Node kinds" has one
 * canonical text that MariaDB/MySQL and PostgreSQL both compute in SQL
 * (docs/verify.md lists them). FLOAT, DOUBLE and JSON have none: the two
 * databases print floats differently, and JSONB reorders keys and rewrites
 * escapes. Those are read and compared in Node.
 */
export type ColumnKind =
  | 'boolean'
  | 'integer'
  | 'decimal'
  | 'date'
  | 'datetime'
  | 'timestamp'
  | 'time'
  | 'text'
  | 'binary'
  | 'spatial'
  | 'float'
  | 'double'
  | 'json';

const INTEGER_TYPES = new Set(['tinyint', 'smallint', 'mediumint', 'int', 'integer', 'bigint', 'year', 'bit']);
const SPATIAL = /^(geometry|point|linestring|polygon|multipoint|multilinestring|multipolygon|geometrycollection)$/;
const NODE_KINDS = new Set<ColumnKind>(['float', 'double', 'json']);

export function columnKindOf(c: ColumnSchema): ColumnKind {
  if (isBoolean(c)) return 'boolean';
  const t = c.dataType;
  if (INTEGER_TYPES.has(t)) return 'integer';
  if (decimalOf(c)) return 'decimal';
  if (t === 'float') return 'float';
  if (t === 'double' || t === 'real') return 'double';
  if (t === 'date' || t === 'datetime' || t === 'timestamp' || t === 'time' || t === 'json') return t;
  if (SPATIAL.test(t)) return 'spatial';
  // Throws, naming the column, for a type the sync does not support either.
  return parquetTypeOf(c) === 'BLOB' ? 'binary' : 'text';
}

export const isNodeKind = (kind: ColumnKind) => NODE_KINDS.has(kind);

/** Key columns split ranges, so both databases must order them alike. */
const KEY_KINDS = new Set<ColumnKind>(['integer', 'decimal', 'date', 'datetime', 'timestamp', 'text', 'binary']);

export function checkKeyKind(c: ColumnSchema, kind: ColumnKind): void {
  if (!KEY_KINDS.has(kind) || c.dataType === 'bit') {
    throw badInput(
      `key column ${c.name} is ${c.columnType}: verify splits ranges on integer, decimal, date/time, text and binary keys only`,
    );
  }
}
