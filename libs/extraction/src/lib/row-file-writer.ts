import { ColumnSchema } from '@tidemark/watermark-model';
import {
  ConstantColumn,
  CsvParquetWriter,
  CsvWriterOptions,
  DuckdbSession,
  FileWriterOptions,
  ParquetFileWriter,
  WrittenFile,
} from '@tidemark/parquet';
import { RawRow } from '@tidemark/source';

/** A row as read: raw bytes for the CSV writer (csvWritable tables), parsed values for the appender. */
export type SourceRow = RawRow | unknown[];

/** The row's values as mysql2 returns them (the cursor and key of a file's ends, a page's end). */
export function valuesOf(row: SourceRow): unknown[] {
  return row instanceof RawRow ? row.values() : row;
}

/** Whether column `i` holds the same value in both rows (two rows of one query, so read alike). */
export function sameValue(a: SourceRow, b: SourceRow, i: number): boolean {
  if (a instanceof RawRow && b instanceof RawRow) return a.sameValue(b, i);
  return valuesOf(a)[i] === valuesOf(b)[i];
}

/** What the extractor needs of a file writer, whichever encodes its rows. */
export interface RowFileWriter {
  readonly bufferedRows: number;
  readonly bufferedBytes: number;
  /** A promise when the caller must wait before the next row. */
  append(row: SourceRow): void | Promise<void>;
  /** Resolves when the encoder has taken what was appended (backpressure); absent when appends are synchronous. */
  drained?(): Promise<void>;
  flushParts(paths: string[], last?: ConstantColumn): Promise<WrittenFile[]>;
  close(): void | Promise<void>;
}

/**
 * The CSV writer when `csv` is given (the table is csvWritable and its rows
 * are read raw), the appender otherwise.
 */
export async function openRowFileWriter(
  session: DuckdbSession,
  columns: ColumnSchema[],
  options: FileWriterOptions,
  csv?: Pick<CsvWriterOptions, 'directory' | 'nextLoadOrder'>,
): Promise<RowFileWriter> {
  if (csv === undefined) return ParquetFileWriter.create(session, columns, options) as Promise<RowFileWriter>;
  return new CsvParquetWriter(session, columns, { ...options, ...csv }) as RowFileWriter;
}
