import { stat } from 'node:fs/promises';
import type { DuckDBAppender } from '@duckdb/node-api';
import { DecimalType, decimalOf, parquetTypeOf } from '@tidemark/schema';
import { ColumnSchema } from '@tidemark/watermark-model';
import { DuckdbSession, duckdbIdentifier, duckdbString } from './duckdb-session';
import { AppendKind, appendKindOf, booleanValue, decimalValue, stagingTypeOf, textValue } from './source-value';
import { rowRanges } from './row-ranges';
import { limitText, TextLimits } from './text-limits';
import { UnstorableTextRule } from './unstorable-text';
import { BooleanValueRule } from './boolean-values';

/** A BIGINT column written after the source columns, the same value in every row (the manifest's load order). */
export interface ConstantColumn {
  name: string;
  /** A signed BIGINT in decimal digits. */
  value: string;
}

export interface WrittenFile {
  path: string;
  rows: number;
  bytes: number;
}

const STAGING = 'tidemark_rows';
/** Raw bytes of one row group, at most (see rowGroupSize). */
const ROW_GROUP_BYTES = 16 * 1024 * 1024;
const MIN_ROW_GROUP_ROWS = 2048;
/**
 * The appender holds rows outside DuckDB's memory limit until it moves them
 * into the table (every ~200k rows by itself). Moving them every this many
 * raw bytes lets the limit hold; each move costs a scan, so not more often
 * (tools/bench, 40 columns: 468 MiB unflushed, about 370 MiB at 32 MiB, and
 * every 9 MiB cost 1.4 s more CPU).
 */
const APPENDER_FLUSH_BYTES = 32 * 1024 * 1024;

/**
 * The staged column as the file's type. Text staged for a TIMESTAMPTZ is the
 * source's UTC wall time (the MySQL session runs at +00:00): it is read as
 * UTC whatever DuckDB's own time zone is.
 */
function fileColumn(name: string, stagingType: string, fileType: string): string {
  if (fileType === stagingType) return name;
  if (fileType === 'TIMESTAMPTZ' && stagingType === 'VARCHAR') return `CAST(${name} || '+00' AS TIMESTAMPTZ) AS ${name}`;
  return `CAST(${name} AS ${fileType}) AS ${name}`;
}

const BIGINT_TEXT = /^-?\d{1,19}$/;

function bigintLiteral(value: string): string {
  if (!BIGINT_TEXT.test(value) || BigInt(value) > 2n ** 63n - 1n || BigInt(value) < -(2n ** 63n)) {
    throw new Error(`${JSON.stringify(value)} is not a BIGINT`);
  }
  return `CAST(${value} AS BIGINT)`;
}

/**
 * Collects rows in a DuckDB staging table and writes them as one Parquet
 * file (ZSTD, exact logical types) on `flush`, or as several of near-equal
 * row counts on `flushParts`. The caller rolls files by flushing whenever
 * `bufferedBytes` passes its target.
 */
export class ParquetFileWriter {
  private readonly kinds: AppendKind[];
  private readonly stagingTypes: string[];
  private readonly fileTypes: string[];
  private readonly decimals: (DecimalType | null)[];
  private rows = 0;
  private bytes = 0;
  private flushedAtBytes = 0;

  private appender!: DuckDBAppender;

  private constructor(
    private readonly session: DuckdbSession,
    private readonly columns: ColumnSchema[],
    private readonly rowGroupRows: number,
    private readonly limits?: TextLimits,
    private readonly unstorable?: UnstorableTextRule,
    fileTypes?: string[],
    private readonly booleans?: BooleanValueRule,
  ) {
    this.kinds = columns.map(appendKindOf);
    this.stagingTypes = columns.map((c, i) => stagingTypeOf(c, this.kinds[i]));
    this.fileTypes = fileTypes ?? columns.map(parquetTypeOf);
    this.decimals = columns.map(decimalOf);
  }

  static async create(
    session: DuckdbSession,
    columns: ColumnSchema[],
    rowGroupRows = 122_880,
    limits?: TextLimits,
    unstorable?: UnstorableTextRule,
    /** The DuckDB type each column is written as (the destination's; default parquetTypeOf, exact for PostgreSQL). */
    fileTypes?: string[],
    /** Refuses (or NULLs) TINYINT(1) values other than 0/1; without it any non-zero value is true. */
    booleans?: BooleanValueRule,
  ): Promise<ParquetFileWriter> {
    if (fileTypes && fileTypes.length !== columns.length) throw new Error(`${fileTypes.length} file types for ${columns.length} columns`);
    const writer = new ParquetFileWriter(session, columns, rowGroupRows, limits, unstorable, fileTypes, booleans);
    await writer.newStaging();
    return writer;
  }

  /**
   * A fresh staging table for each file: dropping the old one returns its
   * memory to DuckDB, where DELETE FROM kept it (measured: RSS grew by
   * ~30 MB per 500k-row file with DELETE, stayed flat with a new table).
   */
  private async newStaging(): Promise<void> {
    const defs = this.columns.map((c, i) => `${duckdbIdentifier(c.name)} ${this.stagingTypes[i]}`);
    await this.session.run(`CREATE OR REPLACE TABLE ${STAGING} (${defs.join(', ')})`);
    this.appender = await this.session.connection.createAppender(STAGING);
  }

  get bufferedRows(): number {
    return this.rows;
  }

  /** Approximate uncompressed size of the buffered rows. */
  get bufferedBytes(): number {
    return this.bytes;
  }

  append(row: unknown[]): void {
    const a = this.appender;
    const kinds = this.kinds;
    for (let i = 0; i < kinds.length; i++) {
      const value = row[i];
      if (value === null || value === undefined) {
        a.appendNull();
        continue;
      }
      switch (kinds[i]) {
        case 'boolean': {
          const bool = this.booleans ? this.booleans.value(this.columns[i], value, row) : booleanValue(value);
          if (bool === null) a.appendNull();
          else a.appendBoolean(bool);
          this.bytes += 1;
          break;
        }
        case 'blob': {
          const buf = Buffer.isBuffer(value) ? value : Buffer.from(String(value));
          a.appendBlob(buf);
          this.bytes += buf.length;
          break;
        }
        case 'decimal': {
          const text = String(value);
          a.appendDecimal(decimalValue(text, this.decimals[i] as DecimalType)); // kind 'decimal' ⇒ a DECIMAL column
          this.bytes += text.length;
          break;
        }
        default: {
          let text = textValue(this.columns[i], value);
          if (text !== null && this.unstorable) text = this.unstorable.clean(i, text, row);
          if (text !== null && this.limits) text = limitText(this.limits, this.columns[i], i, text, row);
          if (text === null) a.appendNull();
          else {
            a.appendVarchar(text);
            this.bytes += text.length;
          }
        }
      }
    }
    a.endRow();
    this.rows++;
    if (this.bytes >= this.flushedAtBytes + APPENDER_FLUSH_BYTES) {
      a.flushSync();
      this.flushedAtBytes = this.bytes;
    }
  }

  /**
   * Rows per row group: the configured count, fewer for wide rows. DuckDB
   * holds a row group in memory while it encodes it, so a 40-column table
   * with the count tuned for narrow ones peaked ~100 MB higher (tools/bench).
   */
  private rowGroupSize(): number {
    const rowBytes = this.rows === 0 ? 0 : this.bytes / this.rows;
    if (rowBytes === 0) return this.rowGroupRows;
    return Math.max(MIN_ROW_GROUP_ROWS, Math.min(this.rowGroupRows, Math.floor(ROW_GROUP_BYTES / rowBytes)));
  }

  /** Writes the buffered rows to `path` and empties the buffer. */
  async flush(path: string, last?: ConstantColumn): Promise<WrittenFile> {
    const [written] = await this.flushParts([path], last);
    return written;
  }

  /**
   * Writes the buffered rows, in order, as one file per path with row counts
   * that differ by at most one, and empties the buffer. Each file is one
   * COPY of a rowid range: DuckDB skips the other rows' storage, so N files
   * cost about what one does. `last`, when given, is written after the
   * source columns in every file.
   */
  async flushParts(paths: string[], last?: ConstantColumn): Promise<WrittenFile[]> {
    const constant = last && `${bigintLiteral(last.value)} AS ${duckdbIdentifier(last.name)}`;
    this.appender.closeSync();
    const columns = this.columns.map((c, i) => fileColumn(duckdbIdentifier(c.name), this.stagingTypes[i], this.fileTypes[i]));
    if (constant) columns.push(constant);
    const select = columns.join(', ');
    const options = `(FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${this.rowGroupSize()})`;
    const ranges = rowRanges(this.rows, paths.length);
    const written: WrittenFile[] = [];
    for (const [i, path] of paths.entries()) {
      const { start, end } = ranges[i];
      // A fresh staging table numbers its rows 0..n-1 in append order.
      const where = paths.length === 1 ? '' : ` WHERE rowid >= ${start} AND rowid < ${end}`;
      await this.session.run(`COPY (SELECT ${select} FROM ${STAGING}${where}) TO ${duckdbString(path)} ${options}`);
      written.push({ path, rows: end - start, bytes: (await stat(path)).size });
    }
    await this.newStaging();
    this.rows = 0;
    this.bytes = 0;
    this.flushedAtBytes = 0;
    return written;
  }

  close(): void {
    this.appender.closeSync();
  }
}
