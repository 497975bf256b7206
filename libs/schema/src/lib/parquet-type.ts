import { ColumnSchema } from '@tidemark/watermark-model';

const SIGNED_INT: Record<string, string> = {
  tinyint: 'TINYINT',
  smallint: 'SMALLINT',
  mediumint: 'INTEGER',
  int: 'INTEGER',
  integer: 'INTEGER',
  bigint: 'BIGINT',
};
const UNSIGNED_INT: Record<string, string> = {
  tinyint: 'UTINYINT',
  smallint: 'USMALLINT',
  mediumint: 'UINTEGER',
  int: 'UINTEGER',
  integer: 'UINTEGER',
  bigint: 'UBIGINT',
};
const STRING_TYPES = new Set([
  'char', 'varchar', 'tinytext', 'text', 'mediumtext', 'longtext', 'enum', 'set', 'json', 'time',
]);
const BINARY_TYPES = new Set([
  'binary', 'varbinary', 'tinyblob', 'blob', 'mediumblob', 'longblob',
  'geometry', 'point', 'linestring', 'polygon', 'multipoint', 'multilinestring', 'multipolygon',
  'geometrycollection',
]);

/** The widest DECIMAL DuckDB and Parquet hold; wider ones stay text. */
export const MAX_DECIMAL_PRECISION = 38;

export const isUnsigned = (c: ColumnSchema) => /\bunsigned\b/i.test(c.columnType);
/** MySQL's "BOOL": TINYINT(1), which still holds -128 … 127 (or 0 … 255). */
export const isTinyint1 = (c: ColumnSchema) => c.dataType === 'tinyint' && /^tinyint\(1\)/i.test(c.columnType);
/**
 * BIT(1) holds only 0 and 1: always BOOLEAN. TINYINT(1) is BOOLEAN only when
 * chosen (asBoolean; absent in manifests from before the choice existed,
 * which were all written as BOOLEAN), else SMALLINT like any TINYINT.
 */
export const isBoolean = (c: ColumnSchema) =>
  (isTinyint1(c) && c.asBoolean !== false) || (c.dataType === 'bit' && c.precision === 1);

/** `columns` with each TINYINT(1) marked BOOLEAN when `all` or when it is one of `names`, else SMALLINT. */
export function withTinyint1Choice(columns: ColumnSchema[], all: boolean, names: Iterable<string> = []): ColumnSchema[] {
  const chosen = new Set(names);
  return columns.map((c) => (isTinyint1(c) ? { ...c, asBoolean: all || chosen.has(c.name) } : c));
}

export interface DecimalType {
  precision: number;
  scale: number;
}

/** (precision, scale) of a DECIMAL/NUMERIC column, else null. */
export function decimalOf(c: ColumnSchema): DecimalType | null {
  if (c.dataType !== 'decimal' && c.dataType !== 'numeric') return null;
  return { precision: c.precision ?? 10, scale: c.scale ?? 0 };
}

/**
 * The exact Parquet logical type (written as a DuckDB type name) for a MySQL
 * column. Nothing is widened to a float or narrowed to milliseconds; MySQL
 * TIME (up to ±838 hours) does not fit a Parquet TIME and stays text, as
 * does a DECIMAL wider than 38 digits. docs/types.md lists every rule.
 */
export function parquetTypeOf(c: ColumnSchema): string {
  if (isBoolean(c)) return 'BOOLEAN';
  const t = c.dataType;
  if (t in SIGNED_INT) return (isUnsigned(c) ? UNSIGNED_INT : SIGNED_INT)[t];
  const decimal = decimalOf(c);
  if (decimal) {
    const { precision: p, scale: s } = decimal;
    return p <= MAX_DECIMAL_PRECISION ? `DECIMAL(${p},${s})` : 'VARCHAR';
  }
  if (t === 'float') return 'FLOAT';
  if (t === 'double' || t === 'real') return 'DOUBLE';
  if (t === 'date') return 'DATE';
  if (t === 'datetime' || t === 'timestamp') return 'TIMESTAMP';
  if (t === 'year') return 'SMALLINT';
  if (t === 'bit') return 'UBIGINT';
  if (STRING_TYPES.has(t)) return 'VARCHAR';
  if (BINARY_TYPES.has(t)) return 'BLOB';
  throw new Error(`column ${c.name}: MySQL type ${c.columnType} is not supported`);
}
