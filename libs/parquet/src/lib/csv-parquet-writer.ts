import { rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ColumnSchema } from '@tidemark/watermark-model';
import { DuckdbSession, duckdbString } from './duckdb-session';
import { CsvPipe } from './csv-pipe';
import { CsvRowEncoder, RawRowBytes } from './csv-row-encoder';
import {
  checkedFileTypes,
  ConstantColumn,
  copyRanges,
  DEFAULT_ROW_GROUP_ROWS,
  fileSelect,
  FileWriterOptions,
  parquetOptions,
  rowGroupSize,
  WrittenFile,
} from './parquet-copy';
import { ParquetFileWriter } from './parquet-file-writer';
import { appendKindOf } from './source-value';
import { ValueRules } from './value-rules';

const STAGING = 'tidemark_csv_rows';
/**
 * DuckDB's CSV reader sizes its buffers up front, larger than its longest
 * line, and reads a pipe into them a pipe's capacity at a time: its CPU grew
 * with the buffer (1 MiB buffers cost half what 16 MiB did on 1M rows).
 * Rows longer than the line allows go through the appender instead; quoting
 * doubles a value at most, and a NUL made U+FFFD triples it.
 */
const MAX_LINE_BYTES = 512 * 1024;
/**
 * Rows are held until a file has this many (or bytes), and a file that ends
 * sooner is appended as typed values: a pipe and its DuckDB reader cost a
 * query. Since pipes are made in-process (ADR 0054) that costs about what
 * appending 1,000 rows does, and 10,000 rows took 0.12 CPU-s less through
 * the pipe than through the appender (ADR 0057; 20,000 before, when every
 * pipe forked a `mkfifo`).
 */
const STREAM_AFTER_ROWS = 1_000;
const STREAM_AFTER_BYTES = 4 * 1024 * 1024;
const READ_BUFFER_BYTES = 2 * MAX_LINE_BYTES;

/**
 * Whether a table's rows can go through the CSV writer: every column is
 * text for DuckDB or a boolean. Binary columns and DECIMALs wider than 18
 * digits are appended as typed values (ParquetFileWriter): CSV cannot carry
 * bytes, and DuckDB's text cast of a wide DECIMAL is 30–80× slower (ADR 0001).
 */
export function csvWritable(columns: ColumnSchema[]): boolean {
  return columns.every((c) => {
    const kind = appendKindOf(c);
    return kind === 'text' || kind === 'boolean';
  });
}

export interface CsvWriterOptions extends FileWriterOptions {
  /** Where pipes and file segments are made. */
  directory: string;
  /** The constant last column of the file about to start (the caller's next manifest's load order). */
  nextLoadOrder: () => ConstantColumn;
  /** Rows a file holds before they go through a pipe; default STREAM_AFTER_ROWS. */
  streamAfterRows?: number;
}

/** One stretch of a file: rows streamed through a pipe into DuckDB, written as Parquet. */
interface Segment {
  pipe: CsvPipe;
  written: Promise<void>;
  failure?: unknown;
  path: string;
}

/**
 * Writes raw rows (the bytes MySQL sent) as Parquet files: rows are encoded
 * as CSV into a named pipe that DuckDB's native reader parses and writes as
 * Parquet while the next rows are read (ADR 0033). Same files, values and
 * rules as ParquetFileWriter, at a fraction of its CPU and memory. A row
 * too long for a CSV line (MAX_LINE_BYTES) ends the stretch and is appended as typed
 * values; a file of several stretches is joined, in order, at the flush.
 */
export class CsvParquetWriter {
  private readonly encoder: CsvRowEncoder;
  private readonly csvTypes: string[];
  private readonly fileTypes: string[];
  private readonly rowGroupRows: number;
  /** Rows read before a pipe is worth opening (a small table's whole run, most incremental runs). */
  private held: RawRowBytes[] = [];
  private heldBytes = 0;
  /** The appender for rows too large to stream, and for held rows, made at the first. */
  private typed?: Promise<ParquetFileWriter>;
  private segment?: Segment;
  /** Parquet stretches of the file being built, in row order. */
  private segments: string[] = [];
  private fileLoadOrder?: ConstantColumn;
  /** The pipe every stretch is streamed through, made at the first (see pipe()). */
  private pipePath?: string;
  private sequence = 0;
  private rows = 0;
  private bytes = 0;
  private full = false;
  /** Raw row bytes whose CSV line surely fits MAX_LINE_BYTES (each column adds at most a delimiter, quotes and `false`). */
  private readonly maxStreamedRowBytes: number;

  constructor(
    private readonly session: DuckdbSession,
    private readonly columns: ColumnSchema[],
    private readonly options: CsvWriterOptions,
  ) {
    if (!csvWritable(columns)) throw new Error('a column of this table cannot travel as CSV text (csvWritable)');
    this.fileTypes = checkedFileTypes(columns, options.fileTypes);
    this.csvTypes = CsvRowEncoder.csvTypes(columns, this.fileTypes);
    this.rowGroupRows = options.rowGroupRows ?? DEFAULT_ROW_GROUP_ROWS;
    this.maxStreamedRowBytes = Math.floor((MAX_LINE_BYTES - 8 * columns.length) / 3);
    this.encoder = new CsvRowEncoder(columns, options.rules ?? new ValueRules(columns), (bytes) => {
      if (!(this.segment as Segment).pipe.write(bytes)) this.full = true;
    });
  }

  get bufferedRows(): number {
    return this.rows;
  }

  /** Bytes of the buffered rows' values as MySQL sent them. */
  get bufferedBytes(): number {
    return this.bytes + this.heldBytes;
  }

  /** Appends a row; a promise when the caller must wait (a row too large to stream). */
  append(row: RawRowBytes): void | Promise<void> {
    if (row.end - row.start > this.maxStreamedRowBytes) return this.appendTyped(row);
    if (this.segment) return this.encode(row);
    this.hold(row);
    if (this.held.length >= (this.options.streamAfterRows ?? STREAM_AFTER_ROWS) || this.heldBytes >= STREAM_AFTER_BYTES)
      return this.startStreaming();
  }

  private hold(row: RawRowBytes): void {
    this.held.push(row);
    this.heldBytes += row.end - row.start;
    this.rows++;
  }

  /** Opens a pipe for the rows held so far and the ones to come. */
  private async startStreaming(): Promise<void> {
    const held = this.held;
    this.held = [];
    this.heldBytes = 0;
    this.rows -= held.length;
    await this.startSegment(held[0].end - held[0].start);
    for (const row of held) this.encode(row);
  }

  /** Appends the held rows (too few to be worth a pipe, or too long for it) as typed values, as one stretch. */
  private async writeHeld(): Promise<void> {
    if (this.held.length === 0) return;
    const held = this.held;
    this.held = [];
    this.heldBytes = 0;
    this.fileLoadOrder ??= this.options.nextLoadOrder();
    const writer = await this.typedWriter();
    for (const row of held) {
      writer.append(row.values());
      this.bytes += row.end - row.start;
    }
    const path = join(this.options.directory, `rows-${++this.sequence}.parquet`);
    await writer.flush(path, this.fileLoadOrder);
    this.segments.push(path);
  }

  private encode(row: RawRowBytes): void {
    this.bytes += this.encoder.encode(row);
    this.rows++;
  }

  /** Resolves when DuckDB has taken the rows written so far (call between batches: backpressure). */
  async drained(): Promise<void> {
    const segment = this.segment;
    if (!segment || !this.full) return;
    this.encoder.drain();
    const pipeFailure = await Promise.race([segment.pipe.drained(), segment.written]).then(
      () => undefined,
      (error: unknown) => error,
    );
    if (pipeFailure) await segment.written;
    if (segment.failure ?? pipeFailure) throw segment.failure ?? pipeFailure;
    this.full = false;
  }

  private async startSegment(rowBytes: number): Promise<void> {
    this.fileLoadOrder ??= this.options.nextLoadOrder();
    const n = ++this.sequence;
    const pipePath = await this.pipe();
    const path = join(this.options.directory, `rows-${n}.parquet`);
    const staged = this.columns.map((_, i) => `c${i}`);
    const names = this.columns.map((c) => c.name);
    const select = fileSelect(
      { staged, names, stagingTypes: this.csvTypes, fileTypes: this.fileTypes },
      this.fileLoadOrder,
    );
    const options = parquetOptions(rowGroupSize(this.rowGroupRows, 1, rowBytes));
    let failure: unknown;
    const written = this.session
      .run(`COPY (SELECT ${select} FROM ${this.reader(pipePath, staged)}) TO ${duckdbString(path)} ${options}`)
      .catch((error: unknown) => {
        failure = error;
        segment?.pipe.destroy();
        if (segment) segment.failure = error;
      });
    let segment: Segment | undefined;
    try {
      segment = { pipe: await CsvPipe.open(pipePath, written), path, written };
    } catch (error) {
      await written;
      await this.removePipe();
      throw failure ?? error;
    }
    segment.failure = failure;
    this.segment = segment;
  }

  /**
   * The writer's one named pipe, made at its first stretch and reused by the
   * next (ADR 0048, when making one forked the process; ADR 0054 made it a
   * call, and reuse still saves a make and a removal per file).
   */
  private async pipe(): Promise<string> {
    if (this.pipePath) {
      await CsvPipe.readerGone(this.pipePath);
      return this.pipePath;
    }
    const path = join(this.options.directory, 'rows.csv');
    await CsvPipe.create(path);
    this.pipePath = path;
    return path;
  }

  private async removePipe(): Promise<void> {
    if (this.pipePath) await rm(this.pipePath, { force: true });
    this.pipePath = undefined;
  }

  /** Ends the stretch being streamed: its rows are then in its Parquet file. */
  private async endSegment(): Promise<void> {
    const segment = this.segment;
    if (!segment) return;
    this.encoder.drain();
    this.segment = undefined;
    this.full = false;
    // A pipe that failed did so because DuckDB stopped reading: its error is the one to report.
    await segment.pipe.end().catch(() => undefined);
    await segment.written;
    if (segment.failure) throw segment.failure;
    this.segments.push(segment.path);
  }

  /** A row too long to stream: after the stretch in progress, appended as typed values with any held rows. */
  private async appendTyped(row: RawRowBytes): Promise<void> {
    await this.endSegment();
    this.hold(row);
    await this.writeHeld();
  }

  private typedWriter(): Promise<ParquetFileWriter> {
    const { rowGroupRows, rules, fileTypes } = this.options;
    this.typed ??= ParquetFileWriter.create(this.session, this.columns, { rowGroupRows, rules, fileTypes });
    return this.typed;
  }

  /** Writes the buffered rows to `path` and empties the buffer. */
  async flush(path: string, last: ConstantColumn): Promise<WrittenFile> {
    const [written] = await this.flushParts([path], last);
    return written;
  }

  /**
   * Writes the buffered rows, in order, as one file per path with row counts
   * that differ by at most one. `last` must be what `nextLoadOrder` said when
   * the file started: its rows were written with it.
   */
  async flushParts(paths: string[], last?: ConstantColumn): Promise<WrittenFile[]> {
    await this.endSegment();
    await this.writeHeld();
    if (this.rows > 0 && (last?.name !== this.fileLoadOrder?.name || last?.value !== this.fileLoadOrder?.value)) {
      throw new Error(
        `the file was started with load order ${JSON.stringify(this.fileLoadOrder)}, not ${JSON.stringify(last)}`,
      );
    }
    let written: WrittenFile[];
    if (this.segments.length === 1 && paths.length === 1) {
      await rename(this.segments[0], paths[0]);
      written = [{ path: paths[0], rows: this.rows, bytes: (await stat(paths[0])).size }];
    } else {
      // Several stretches, or several files: the rows are read back in order and cut by row number.
      const list = `[${this.segments.map(duckdbString).join(', ')}]`;
      await this.session.run(`CREATE OR REPLACE TABLE ${STAGING} AS SELECT * FROM read_parquet(${list})`);
      const options = parquetOptions(rowGroupSize(this.rowGroupRows, this.rows, this.bytes));
      written = await copyRanges(this.session, STAGING, '*', this.rows, paths, options);
      await this.session.run(`DROP TABLE ${STAGING}`);
      await Promise.all(this.segments.map((s) => rm(s, { force: true })));
    }
    this.segments = [];
    this.fileLoadOrder = undefined;
    this.rows = 0;
    this.bytes = 0;
    return written;
  }

  /**
   * DuckDB's reader of a pipe, its columns named `staged` (names of ours: a
   * user's column names never reach it). `parallel = true` although the
   * extractor's session has one thread: DuckDB's single-threaded reader of a
   * file it cannot seek keeps every buffer it read until the end of the query,
   * spilling them to the temp directory past the memory limit (75 MB of 112 MB
   * for 200,000 `wide` rows, and a third more CPU; ADR 0040).
   */
  private reader(path: string, staged: string[]): string {
    const columns = staged.map((name, i) => `${duckdbString(name)}: ${duckdbString(this.csvTypes[i])}`).join(', ');
    return (
      `read_csv(${duckdbString(path)}, columns = {${columns}}, delim = '\\t', quote = '"', escape = '"', ` +
      `header = false, nullstr = '\\N', allow_quoted_nulls = false, auto_detect = false, new_line = '\\n', ` +
      `max_line_size = ${MAX_LINE_BYTES}, buffer_size = ${READ_BUFFER_BYTES}, parallel = true)`
    );
  }

  /** Stops a stretch in progress (after a failure) and removes what it made. */
  async close(): Promise<void> {
    const segment = this.segment;
    this.segment = undefined;
    if (segment) {
      segment.pipe.destroy();
      await segment.written;
      this.segments.push(segment.path);
    }
    await this.removePipe();
    this.held = [];
    this.heldBytes = 0;
    (await this.typed)?.close();
    await Promise.all(this.segments.map((s) => rm(s, { force: true })));
    this.segments = [];
  }
}
