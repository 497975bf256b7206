import { TidemarkError } from '@tidemark/errors';
import { ColumnSchema } from '@tidemark/watermark-model';

/**
 * The most bytes each column's text may have in the warehouse (Redshift
 * VARCHAR counts bytes, at most 65535), and what happens to a longer value:
 * `fail` stops the extraction naming the row's key, `truncate` cuts the value
 * at a character boundary. Checked while writing the Parquet file, so a value
 * that could never load is caught before anything is committed.
 */
export interface TextLimits {
  bytes: (number | null)[];
  mode: 'fail' | 'truncate';
  /** Names the row in an error, e.g. `id=42`. */
  describeRow: (row: unknown[]) => string;
  table: string;
}

/** `text` cut to at most `limit` UTF-8 bytes without splitting a character. */
export function truncateUtf8(text: string, limit: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= limit) return text;
  let end = limit;
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--; // back off continuation bytes
  return bytes.subarray(0, end).toString('utf8');
}

/**
 * Applies the limit of column `i` to `text`. UTF-8 needs at most 3 bytes per
 * UTF-16 unit, so most values are cleared by their length alone.
 */
export function limitText(limits: TextLimits, column: ColumnSchema, i: number, text: string, row: unknown[]): string {
  const limit = limits.bytes[i];
  if (limit === null || text.length * 3 <= limit) return text;
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= limit) return text;
  if (limits.mode === 'truncate') return truncateUtf8(text, limit);
  throw new TidemarkError(
    'BAD_INPUT',
    `table ${limits.table}: column ${column.name} of the row with ${limits.describeRow(row)} holds ${bytes} bytes, ` +
      `but its warehouse column holds at most ${limit} bytes. Set \`oversizeText: truncate\` for this table to cut ` +
      `such values to fit; nothing of this file was committed`,
  );
}
