import { isUtf8 } from 'node:buffer';
import { isBoolean } from '@tidemark/schema';
import { ColumnSchema } from '@tidemark/watermark-model';
import { ValueRules } from './value-rules';

/** A row as MySQL's text protocol sent it (libs/source RawRow), and its values parsed as mysql2 would. */
export interface RawRowBytes {
  readonly buffer: Buffer;
  readonly start: number;
  readonly end: number;
  values(): unknown[];
}

/**
 * How a column's bytes become CSV:
 * - `plain`: numbers and times, copied as sent (never quoted: no delimiter, quote or control byte);
 * - `date`: copied, or NULL for a zero date;
 * - `text`, `json`: copied, quoted when they hold a quote, a backslash or a control byte;
 * - `boolean`: TINYINT(1) `0`/`1` as false/true;
 * - `rules`: anything else, and any value a rule may change (a NUL, text over its byte
 *   limit, a non-0/1 boolean, bytes that are not UTF-8, JSON with escapes): parsed as
 *   mysql2 would and put through the table's ValueRules, as the appender path does.
 */
type ColumnPlan = 'plain' | 'date' | 'text' | 'json' | 'boolean' | 'rules';

const PLAIN_TYPES = new Set([
  'tinyint',
  'smallint',
  'mediumint',
  'int',
  'integer',
  'bigint',
  'decimal',
  'float',
  'double',
  'real',
  'year',
  'time',
]);
const DATE_TYPES = new Set(['date', 'datetime', 'timestamp']);
/**
 * File types the CSV reader reads straight from a plain or date column's
 * bytes (csv-rows.e2e.spec.ts compares them with the appender's at their
 * limits). Not FLOAT (its text is rounded to a float by two different paths,
 * not compared), not TIMESTAMPTZ (read as UTC text, see fileSelect), not
 * DECIMALs past 18 digits (slow to parse, ADR 0001).
 */
const READ_AS_FILE_TYPE =
  /^(?:U?(?:TINYINT|SMALLINT|INTEGER|BIGINT)|DOUBLE|DATE|TIMESTAMP|DECIMAL\((?:[1-9]|1[0-8]),\d{1,2}\))$/;
const TEXT_TYPES = new Set(['char', 'varchar', 'tinytext', 'text', 'mediumtext', 'longtext', 'enum', 'set']);

function planOf(c: ColumnSchema): ColumnPlan {
  if (isBoolean(c)) return c.dataType === 'tinyint' ? 'boolean' : 'rules';
  if (PLAIN_TYPES.has(c.dataType)) return 'plain';
  if (DATE_TYPES.has(c.dataType)) return 'date';
  if (TEXT_TYPES.has(c.dataType)) return 'text';
  return c.dataType === 'json' ? 'json' : 'rules';
}

const TAB = 9;
const NEWLINE = 10;
const QUOTE = 34;
const BACKSLASH = 92;
const ZERO = 48;
const ONE = 49;
/** NULL in the CSV: unquoted `\N`. A value holding a backslash is always quoted, so never reads as NULL. */
const NULL_TOKEN = Buffer.from('\\N');
const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');
const BLOCK_BYTES = 1024 * 1024;
const SHORT_VALUE = 64;

/** `0000-…`, `…-00-…` or `…-…-00`: no calendar holds it (docs/types.md: NULL). */
function isZeroDateBytes(b: Buffer, p: number, length: number): boolean {
  if (length < 10) return false;
  return (
    (b[p + 5] === ZERO && b[p + 6] === ZERO) ||
    (b[p + 8] === ZERO && b[p + 9] === ZERO) ||
    (b[p] === ZERO && b[p + 1] === ZERO && b[p + 2] === ZERO && b[p + 3] === ZERO)
  );
}

/**
 * Turns raw rows into tab-separated CSV lines for DuckDB's reader, copying
 * bytes instead of making a JavaScript value of each: the appender's
 * per-value calls and mysql2's per-value parsing were most of an extract's
 * CPU (BENCHMARKS.md). Lines go to `write` in blocks of about 1 MiB.
 */
export class CsvRowEncoder {
  private readonly plans: ColumnPlan[];
  private block = Buffer.allocUnsafe(BLOCK_BYTES);
  private pos = 0;

  constructor(
    columns: ColumnSchema[],
    private readonly rules: ValueRules,
    private readonly write: (bytes: Buffer) => void,
  ) {
    this.plans = columns.map(planOf);
  }

  /**
   * DuckDB's type for each CSV column: BOOLEAN for booleans; the file's own
   * type for numbers and times that DuckDB's reader parses as its cast from
   * text does (no text value made per row, no cast: a tenth of DuckDB's CPU
   * on a 40-column table, ADR 0040); text for the rest, cast as the appender
   * path casts.
   */
  static csvTypes(columns: ColumnSchema[], fileTypes: string[]): string[] {
    return columns.map((c, i) => {
      if (isBoolean(c)) return 'BOOLEAN';
      const plan = planOf(c);
      return (plan === 'plain' || plan === 'date') && READ_AS_FILE_TYPE.test(fileTypes[i]) ? fileTypes[i] : 'VARCHAR';
    });
  }

  /** Appends one row; returns the bytes of its values. */
  encode(row: RawRowBytes): number {
    const b = row.buffer;
    const end = row.end;
    // Quoting at most doubles a value; each column adds a delimiter and at most two quotes.
    this.reserve(2 * (end - row.start) + 8 * this.plans.length + 16);
    let p = row.start;
    let bytes = 0;
    for (let i = 0; i < this.plans.length; i++) {
      if (i > 0) this.block[this.pos++] = TAB;
      let length = b[p++];
      if (length === 0xfb) {
        this.put(NULL_TOKEN);
        continue;
      }
      if (length >= 0xfc) {
        if (length === 0xfc) {
          length = b.readUInt16LE(p);
          p += 2;
        } else if (length === 0xfd) {
          length = b.readUIntLE(p, 3);
          p += 3;
        } else {
          length = Number(b.readBigUInt64LE(p));
          p += 8;
        }
      }
      bytes += length;
      const valueEnd = p + length;
      switch (this.plans[i]) {
        case 'plain':
          this.copy(b, p, valueEnd);
          break;
        case 'date':
          if (isZeroDateBytes(b, p, length)) this.put(NULL_TOKEN);
          else this.copy(b, p, valueEnd);
          break;
        case 'boolean':
          if (length === 1 && (b[p] === ZERO || b[p] === ONE)) this.put(b[p] === ONE ? TRUE : FALSE);
          else this.putBoolean(this.rules.boolean(i, row.values()[i], row.values()));
          break;
        case 'text':
        case 'json':
          if (!this.putText(b, p, valueEnd, i)) this.putRuled(i, row);
          break;
        default:
          this.putRuled(i, row);
      }
      p = valueEnd;
    }
    this.block[this.pos++] = NEWLINE;
    return bytes;
  }

  /** Hands what is buffered to `write`, which keeps the block: the next lines go to a new one. */
  drain(): void {
    if (this.pos === 0) return;
    this.write(this.block.subarray(0, this.pos));
    this.block = Buffer.allocUnsafe(BLOCK_BYTES);
    this.pos = 0;
  }

  private reserve(bytes: number): void {
    if (this.pos + bytes <= this.block.length) return;
    this.drain();
    if (bytes > this.block.length) this.block = Buffer.allocUnsafe(bytes);
  }

  /** Most values are a few bytes: a loop beats Buffer.copy's native call there (a third of the encoder's time). */
  private copy(b: Buffer, from: number, to: number): void {
    if (to - from > SHORT_VALUE) {
      b.copy(this.block, this.pos, from, to);
      this.pos += to - from;
      return;
    }
    const block = this.block;
    let pos = this.pos;
    for (let j = from; j < to; j++) block[pos++] = b[j];
    this.pos = pos;
  }

  private put(bytes: Buffer): void {
    this.copy(bytes, 0, bytes.length);
  }

  private putBoolean(value: boolean | null): void {
    this.put(value === null ? NULL_TOKEN : value ? TRUE : FALSE);
  }

  /**
   * Copies a text value, quoted when it must be; false (nothing written) when
   * a rule has to see it: a NUL, bytes that are not UTF-8, more bytes than the
   * column's limit, or a JSON value with an escape that may be `\u0000`.
   */
  private putText(b: Buffer, from: number, to: number, i: number): boolean {
    let quote = false;
    let ascii = true;
    for (let j = from; j < to; j++) {
      const c = b[j];
      if (c < 32 || c === QUOTE || c === BACKSLASH) {
        if (c === 0 || (c === BACKSLASH && this.plans[i] === 'json')) return false;
        quote = true;
      } else if (c >= 128) ascii = false;
    }
    const limit = this.rules.byteLimit(i);
    if (limit !== null && to - from > limit) return false;
    if (!ascii && !isUtf8(b.subarray(from, to))) return false;
    if (quote) this.putQuoted(b, from, to);
    else this.copy(b, from, to);
    return true;
  }

  private putQuoted(b: Buffer, from: number, to: number): void {
    const block = this.block;
    block[this.pos++] = QUOTE;
    for (let j = from; j < to; j++) {
      const c = b[j];
      if (c === QUOTE) block[this.pos++] = QUOTE;
      block[this.pos++] = c;
    }
    block[this.pos++] = QUOTE;
  }

  /** Column `i` through the table's rules, from the row as mysql2 parses it. */
  private putRuled(i: number, row: RawRowBytes): void {
    const values = row.values();
    const value = values[i];
    if (value === null || value === undefined) return this.put(NULL_TOKEN);
    const text = this.rules.text(i, value, values);
    if (text === null) return this.put(NULL_TOKEN);
    const bytes = Buffer.from(text, 'utf8');
    this.reserve(2 * bytes.length + 2);
    this.putQuoted(bytes, 0, bytes.length);
  }
}
