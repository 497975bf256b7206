import { ColumnSchema } from '@tidemark/watermark-model';

/** Redshift VARCHAR holds at most 65535 **bytes**. */
export const REDSHIFT_MAX_VARCHAR_BYTES = 65535;

/**
 * How many UTF-8 bytes one MySQL character of a charset can become. Redshift
 * stores UTF-8 and sizes VARCHAR(n) in bytes; MySQL sizes CHAR/VARCHAR(n) in
 * characters. The Parquet files carry UTF-8 text whatever the source charset.
 *
 * latin1 is 3, not 1: MySQL's latin1 is cp1252, and characters such as `€`
 * (0x80) are 3 bytes in UTF-8, `é` 2. Only ascii and binary are 1 byte per
 * character. utf8mb3 never exceeds 3 bytes (BMP only). Any other charset
 * (ucs2, utf16, sjis, latin2 ...) or an unknown one gets the safe 4.
 */
const BYTES_PER_CHAR: Record<string, number> = {
  utf8mb4: 4,
  utf8mb3: 3,
  utf8: 3,
  latin1: 3,
  ascii: 1,
  binary: 1,
};

export function bytesPerChar(charset: string | null): number {
  return BYTES_PER_CHAR[(charset ?? '').toLowerCase()] ?? 4;
}

const cap = (n: number) => Math.min(Math.max(n, 1), REDSHIFT_MAX_VARCHAR_BYTES);

/** The labels of `enum('a','b''c')` / `set(...)`, or null when columnType does not list them. */
export function enumLabels(columnType: string): string[] | null {
  const m = /^\s*(?:enum|set)\s*\((.*)\)\s*$/is.exec(columnType);
  if (!m) return null;
  const labels: string[] = [];
  const re = /'((?:[^']|'')*)'\s*(,\s*|$)/gy;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = re.exec(m[1])) !== null) {
    labels.push(match[1].replace(/''/g, "'"));
    consumed = re.lastIndex;
    if (match[2] === '') break;
  }
  return consumed === m[1].length && labels.length > 0 ? labels : null;
}

/**
 * Bytes a Redshift VARCHAR needs to hold every value of a MySQL text column.
 *
 * - CHAR/VARCHAR(n): n × bytes per character of the charset, capped at 65535
 *   (utf8mb4 VARCHAR(20) → 80).
 * - ENUM: the UTF-8 byte length of the longest label (the value is exactly a
 *   label, so its bytes are known; no charset factor is needed), at least 1.
 * - SET: a value is labels joined by commas, so all labels plus the commas.
 * - TEXT types, JSON text, TIME text, or an ENUM/SET whose labels cannot be
 *   read: 65535.
 *
 * `mode: 'double'` reproduces the previous tool for CHAR/VARCHAR (2 × n,
 * capped) for users whose tables were created by it; it can reject 3- and
 * 4-byte text. ENUM/SET are exact in both modes.
 */
export function redshiftVarcharBytes(column: ColumnSchema, mode: 'bytes' | 'double' = 'bytes'): number {
  const t = column.dataType.toLowerCase();
  if (t === 'char' || t === 'varchar') {
    if (column.length === null) return REDSHIFT_MAX_VARCHAR_BYTES;
    return cap(column.length * (mode === 'double' ? 2 : bytesPerChar(column.charset)));
  }
  if (t === 'enum' || t === 'set') {
    const labels = enumLabels(column.columnType);
    if (!labels) return REDSHIFT_MAX_VARCHAR_BYTES;
    const sizes = labels.map((l) => Buffer.byteLength(l, 'utf8'));
    const bytes = t === 'enum' ? Math.max(...sizes) : sizes.reduce((a, b) => a + b, 0) + labels.length - 1;
    return cap(bytes);
  }
  // TEXT types, JSON text, TIME text and anything else unsized: the maximum.
  return REDSHIFT_MAX_VARCHAR_BYTES;
}
