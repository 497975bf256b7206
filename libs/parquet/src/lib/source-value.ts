import { ColumnSchema } from '@tidemark/watermark-model';
import { isBoolean, parquetTypeOf } from '@tidemark/schema';

/**
 * How a MySQL value (as mysql2 returns it with dateStrings and
 * bigNumberStrings) is appended to the DuckDB staging table:
 * - exact types travel as text and are cast by DuckDB, never through a JS
 *   number or Date;
 * - zero dates (`0000-00-00`, `2024-00-10 ...`) become NULL: no calendar
 *   holds them, and the documented rule is NULL rather than a crash.
 */
export type AppendKind = 'boolean' | 'blob' | 'text';

export function appendKindOf(c: ColumnSchema): AppendKind {
  if (isBoolean(c)) return 'boolean';
  return parquetTypeOf(c) === 'BLOB' ? 'blob' : 'text';
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

export function textValue(c: ColumnSchema, value: unknown): string | null {
  if (c.dataType === 'bit') return bitValue(value as Buffer).toString();
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  const text = String(value);
  return isZeroDate(c, text) ? null : text;
}
