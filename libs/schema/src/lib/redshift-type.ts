import { ColumnSchema } from '@tidemark/watermark-model';
import { MAX_DECIMAL_PRECISION, decimalOf, isBoolean, isUnsigned, parquetTypeOf } from './parquet-type';
import { REDSHIFT_MAX_VARCHAR_BYTES, redshiftVarcharBytes } from './varchar-size';

/** Redshift VARBYTE holds at most 1,024,000 bytes. */
export const REDSHIFT_MAX_VARBYTE = 1024000;

export interface RedshiftTypeOptions {
  /** 'bytes' (default) sizes VARCHAR by charset; 'double' reproduces the old tool's 2 × n. */
  varcharMode?: 'bytes' | 'double';
}

const SIGNED: Record<string, string> = {
  tinyint: 'SMALLINT', // Redshift has no TINYINT
  smallint: 'SMALLINT',
  mediumint: 'INTEGER',
  int: 'INTEGER',
  integer: 'INTEGER',
  bigint: 'BIGINT',
};
const UNSIGNED_WIDER: Record<string, string> = {
  tinyint: 'SMALLINT',
  smallint: 'INTEGER',
  mediumint: 'BIGINT',
  int: 'BIGINT',
  integer: 'BIGINT',
  bigint: 'DECIMAL(20,0)',
};
const BLOB_BYTES: Record<string, number> = {
  tinyblob: 255,
  blob: 65535,
  mediumblob: REDSHIFT_MAX_VARBYTE,
  longblob: REDSHIFT_MAX_VARBYTE,
};
/** `-838:59:59.000000`: MySQL TIME is kept as its text, 17 characters at most. */
export const REDSHIFT_TIME_TEXT_BYTES = 17;

const varbyte = (n: number) => `VARBYTE(${Math.min(Math.max(n, 1), REDSHIFT_MAX_VARBYTE)})`;

/**
 * Redshift column type for a MySQL column (docs/types.md has the PostgreSQL
 * rules this follows). Differences from PostgreSQL:
 * - DECIMAL wider than 38 digits: Redshift's maximum precision is 38, so the
 *   column holds MySQL's text (as the Parquet file does): VARCHAR(p + 2) for
 *   the digits, a sign and a decimal point.
 * - TIME (±838 hours) fits no Redshift time type: VARCHAR(17) text.
 * - CHAR/VARCHAR/TEXT/ENUM/SET: VARCHAR sized in bytes (varchar-size.ts).
 * - JSON → SUPER (staging keeps it as VARCHAR; the merge applies JSON_PARSE).
 * - Binary types → VARBYTE, sized in bytes, at most 1,024,000; larger BLOB
 *   values fail the COPY.
 */
export function redshiftTypeOf(c: ColumnSchema, options: RedshiftTypeOptions = {}): string {
  if (isBoolean(c)) return 'BOOLEAN';
  const t = c.dataType.toLowerCase();
  if (t in SIGNED) return (isUnsigned(c) ? UNSIGNED_WIDER : SIGNED)[t];
  const decimal = decimalOf(c);
  if (decimal) {
    const { precision: p, scale: s } = decimal;
    return p <= MAX_DECIMAL_PRECISION ? `DECIMAL(${p},${s})` : `VARCHAR(${p + 2})`;
  }
  switch (t) {
    case 'float':
      return 'REAL';
    case 'double':
    case 'real':
      return 'DOUBLE PRECISION';
    case 'date':
      return 'DATE';
    case 'datetime':
      return 'TIMESTAMP';
    case 'timestamp':
      return 'TIMESTAMPTZ';
    case 'year':
      return 'SMALLINT';
    case 'time':
      return `VARCHAR(${REDSHIFT_TIME_TEXT_BYTES})`;
    case 'json':
      return 'SUPER';
    case 'bit':
      return (c.precision ?? 64) < 64 ? 'BIGINT' : 'DECIMAL(20,0)';
    case 'binary':
    case 'varbinary':
      return varbyte(c.length ?? REDSHIFT_MAX_VARBYTE);
  }
  if (t in BLOB_BYTES) return varbyte(BLOB_BYTES[t]);
  // Throws, naming the column, for a type no rule covers.
  const parquet = parquetTypeOf(c);
  if (parquet === 'BLOB') return varbyte(REDSHIFT_MAX_VARBYTE); // geometry types
  return `VARCHAR(${redshiftVarcharBytes(c, options.varcharMode)})`;
}

/**
 * The most UTF-8 bytes a value of this column may have on Redshift, or null
 * when its type has no text limit. JSON counts too: it is staged as VARCHAR
 * before JSON_PARSE.
 */
export function redshiftTextBytes(c: ColumnSchema, options: RedshiftTypeOptions = {}): number | null {
  const type = redshiftTypeOf(c, options);
  if (type === 'SUPER') return REDSHIFT_MAX_VARCHAR_BYTES;
  const m = /^VARCHAR\((\d+)\)$/.exec(type);
  return m ? Number(m[1]) : null;
}
