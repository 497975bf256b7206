import { stat } from 'node:fs/promises';
import { DuckDBAppender } from '@duckdb/node-api';
import { DecimalType, decimalOf, parquetTypeOf } from '@tidemark/schema';
import { ColumnSchema } from '@tidemark/watermark-model';
import { DuckdbSession, duckdbIdentifier, duckdbString } from './duckdb-session';
import { AppendKind, appendKindOf, booleanValue, decimalValue, stagingTypeOf, textValue } from './source-value';

export interface WrittenFile {
  path: string;
  rows: number;
  bytes: number;
}

const STAGING = 'tidemark_rows';

/**
 * Collects rows in a DuckDB staging table and writes them as one Parquet
 * file (ZSTD, exact logical types) on `flush`. The caller rolls files by
 * calling `flush` whenever `bufferedBytes` passes its target.
 */
export class ParquetFileWriter {
  private readonly kinds: AppendKind[];
  private readonly stagingTypes: string[];
  private readonly decimals: (DecimalType | null)[];
  private rows = 0;
  private bytes = 0;

  private appender!: DuckDBAppender;

  private constructor(
    private readonly session: DuckdbSession,
    private readonly columns: ColumnSchema[],
    private readonly rowGroupRows: number,
  ) {
    this.kinds = columns.map(appendKindOf);
    this.stagingTypes = columns.map((c, i) => stagingTypeOf(c, this.kinds[i]));
    this.decimals = columns.map(decimalOf);
  }

  static async create(session: DuckdbSession, columns: ColumnSchema[], rowGroupRows = 122_880): Promise<ParquetFileWriter> {
    const writer = new ParquetFileWriter(session, columns, rowGroupRows);
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
        case 'boolean':
          a.appendBoolean(booleanValue(value));
          this.bytes += 1;
          break;
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
          const text = textValue(this.columns[i], value);
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
  }

  /** Writes the buffered rows to `path` and empties the buffer. */
  async flush(path: string): Promise<WrittenFile> {
    this.appender.closeSync();
    const select = this.columns
      .map((c, i) => {
        const name = duckdbIdentifier(c.name);
        const type = parquetTypeOf(c);
        return type === this.stagingTypes[i] ? name : `CAST(${name} AS ${type}) AS ${name}`;
      })
      .join(', ');
    await this.session.run(
      `COPY (SELECT ${select} FROM ${STAGING}) TO ${duckdbString(path)} ` +
        `(FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${this.rowGroupRows})`,
    );
    const written = { path, rows: this.rows, bytes: (await stat(path)).size };
    await this.newStaging();
    this.rows = 0;
    this.bytes = 0;
    return written;
  }

  close(): void {
    this.appender.closeSync();
  }
}
