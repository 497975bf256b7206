import { appendKindOf, booleanValue, textValue } from '@tidemark/parquet';
import { ColumnSchema } from '@tidemark/watermark-model';

/**
 * A source value (as mysql2 returns it) as the loader would write it:
 * booleans from TINYINT(1)/BIT(1), bytes for binary and spatial (WKB), zero
 * dates as NULL, BIT(n) as its unsigned value, everything else as exact text
 * (libs/parquet/src/lib/source-value.ts holds the rules).
 */
export function warehouseValue(c: ColumnSchema, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  const kind = appendKindOf(c);
  if (kind === 'boolean') return booleanValue(value);
  if (kind === 'blob') return Buffer.isBuffer(value) ? value : Buffer.from(String(value), 'utf8');
  return textValue(c, value);
}
