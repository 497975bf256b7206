import { ColumnSchema } from '@tidemark/watermark-model';
import type { DuckDBDecimalValue } from '@duckdb/node-api';
import { DecimalType, decimalOf, isBoolean, parquetTypeOf } from '@tidemark/schema';
import { loadedDuckdb } from './duckdb-module';

/**
 * How a MySQL value (as mysql2 returns it with dateStrings, bigNumberStrings
 * and jsonStrings) is appended to the DuckDB staging table:
 * - exact types travel as text and are cast by DuckDB, never through a JS
 *   number or Date;
 * - a DECIMAL wider than 18 digits is parsed here into its unscaled bigint:
 *   DuckDB's text → DECIMAL(p > 18) cast is 30–80× slower (ADR 0001);
 * - binary goes in as bytes: a text → BLOB cast would read `\x..` escapes;
 * - zero dates (`0000-00-00`, `2024-00-10 ...`) become NULL: no calendar
 *   holds them, and the documented rule (docs/types.md) is NULL, not a crash.
 */
export type AppendKind = 'boolean' | 'blob' | 'decimal' | 'text';

/** Above this precision a DECIMAL no longer fits an int64 and DuckDB's text cast is slow. */
const FAST_DECIMAL_PRECISION = 18;

export function appendKindOf(c: ColumnSchema): AppendKind {
  if (isBoolean(c)) return 'boolean';
  const type = parquetTypeOf(c);
  if (type === 'BLOB') return 'blob';
  return type.startsWith('DECIMAL') && (decimalOf(c)?.precision ?? 0) > FAST_DECIMAL_PRECISION ? 'decimal' : 'text';
}

/** The staging column's DuckDB type; the COPY casts the others to their Parquet type. */
export function stagingTypeOf(c: ColumnSchema, kind: AppendKind): string {
  return kind === 'text' ? 'VARCHAR' : parquetTypeOf(c);
}

const ZERO_DATE = /^\d{4}-00-|^\d{4}-\d{2}-00|^0000-/;

export function isZeroDate(c: ColumnSchema, value: string): boolean {
  return (c.dataType === 'date' || c.dataType === 'datetime' || c.dataType === 'timestamp') && ZERO_DATE.test(value);
}

/** BIT(n) arrives as a big-endian Buffer. */
export function bitValue(value: Buffer | number | string): bigint {
  if (!Buffer.isBuffer(value)) return BigInt(value);
  let n = 0n;
  for (const byte of value) n = (n << 8n) | BigInt(byte);
  return n;
}

export function booleanValue(value: unknown): boolean {
  if (Buffer.isBuffer(value)) return bitValue(value) !== 0n;
  return Number(value) !== 0;
}

const DECIMAL_TEXT = /^([-+]?)(\d*)(?:\.(\d*))?$/;

/** `'-12.30'` at scale 3 → `-12300n`; refuses text that is not a decimal or has more digits than `scale`. */
export function unscaledDecimal(text: string, scale: number): bigint {
  const m = DECIMAL_TEXT.exec(text);
  const fraction = m?.[3] ?? '';
  if (!m || (m[2] === '' && fraction === '') || fraction.length > scale) {
    throw new Error(`'${text}' is not a decimal with at most ${scale} fractional digits`);
  }
  return BigInt(`${m[1]}${m[2]}${fraction.padEnd(scale, '0')}`);
}

/** Only inside an open session (the writer's appender): the DuckDB module is loaded by then. */
export function decimalValue(text: string, { precision, scale }: DecimalType): DuckDBDecimalValue {
  return new (loadedDuckdb().DuckDBDecimalValue)(unscaledDecimal(text, scale), precision, scale);
}

export function textValue(c: ColumnSchema, value: unknown): string | null {
  if (c.dataType === 'bit') return bitValue(value as Buffer).toString();
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (typeof value === 'object' && value !== null) {
    // Re-serializing would change the text (and turn JSON 'null' into NULL).
    throw new Error(`column ${c.name}: mysql2 returned an object; values must arrive as text (jsonStrings)`);
  }
  const text = String(value);
  return isZeroDate(c, text) ? null : text;
}
