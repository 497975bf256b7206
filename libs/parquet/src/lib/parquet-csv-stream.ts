import { constants, createReadStream, existsSync, ReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { CsvPipe } from './csv-pipe';
import { DuckdbSession } from './duckdb-session';
import { CsvColumn, parquetToCsv } from './parquet-to-csv';

const POLL_MS = 2;
const pause = () => new Promise((resolve) => setTimeout(resolve, POLL_MS));
/** Settles once `reader` closed, whether or not it failed first (`once` would reject on its 'error'). */
const closeOf = (reader: ReadStream) =>
  new Promise<void>((resolve) => (reader.closed ? resolve() : reader.once('close', resolve)));

/** DuckDB's write into a pipe whose reader went away: a consequence of the consumer's failure, never its cause. */
const READER_LEFT = /broken pipe|EPIPE/i;

/**
 * Gives a reader still waiting in `open` for a writer that failed before it
 * opened an end of file, until the reader has closed. (A reader waiting in
 * `open` counts as one, so the non-blocking write open succeeds once it waits.)
 */
async function releaseReader(path: string, reader: ReadStream): Promise<void> {
  let closed = false;
  const readerClosed = closeOf(reader).then(() => (closed = true));
  reader.destroy();
  while (!closed) {
    const writeEnd = await open(path, constants.O_WRONLY | constants.O_NONBLOCK).catch(() => undefined);
    await writeEnd?.close();
    await Promise.race([readerClosed, pause()]);
  }
}

/**
 * Reads and drops whatever DuckDB writes into the pipe until its decode ends:
 * a consumer that failed leaves a writer that may be about to open the pipe
 * (an open for writing waits for a reader) or blocked on a full one. The
 * decode is interrupted too, so little is decoded for nothing.
 */
async function drainUntil(path: string, session: DuckdbSession, decodeEnded: () => boolean): Promise<void> {
  session.connection.interrupt();
  const pipe = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  const buffer = Buffer.alloc(64 * 1024);
  try {
    while (!decodeEnded()) {
      // 0 bytes: no writer (not opened yet, or gone); EAGAIN: a writer with nothing written yet.
      const read = await pipe.read(buffer, 0, buffer.length, null).catch(() => ({ bytesRead: 0 }));
      if (read.bytesRead === 0) await pause();
    }
  } finally {
    await pipe.close();
  }
}

/**
 * Decodes Parquet files as CSV into a named pipe while a consumer reads it
 * (a `COPY … FROM STDIN`), so DuckDB's decode and the warehouse's COPY run
 * on the two cores at once and no CSV waits on disk (ADR 0049). One pipe
 * serves every file (made in-process, ADR 0054).
 */
export class ParquetCsvStream {
  constructor(
    private readonly session: DuckdbSession,
    private readonly pipePath: string,
  ) {}

  /**
   * Streams `parquetPath` into `consume`. Either side failing ends the
   * other, never leaving it waiting on the pipe. The error thrown is the
   * cause: the decode's when it failed first (a consumer that then saw only
   * part of the rows ends anyway, and the caller checks their count), else
   * the consumer's (a COPY error names the bad value). Both ends of the pipe
   * are closed when it returns.
   */
  async stream<T>(parquetPath: string, columns: CsvColumn[], consume: (csv: Readable) => Promise<T>): Promise<T> {
    if (!existsSync(this.pipePath)) await CsvPipe.create(this.pipePath);
    let decodeFailedFirst = false;
    let consumerFailed = false;
    let decodeEnded = false;
    const reader = createReadStream(this.pipePath);
    const readerClosed = closeOf(reader);
    const decoded = parquetToCsv(this.session, parquetPath, columns, this.pipePath)
      .catch(async (error: unknown) => {
        decodeFailedFirst = !consumerFailed && !READER_LEFT.test(String(error));
        await releaseReader(this.pipePath, reader);
        throw error;
      })
      .finally(() => (decodeEnded = true));
    const consumed = consume(reader).catch(async (error: unknown) => {
      consumerFailed = true;
      reader.destroy();
      await drainUntil(this.pipePath, this.session, () => decodeEnded);
      throw error;
    });
    const [decode, consumption] = await Promise.allSettled([decoded, consumed]);
    await readerClosed;
    if (decode.status === 'rejected' && (decodeFailedFirst || consumption.status === 'fulfilled')) throw decode.reason;
    if (consumption.status === 'rejected') throw consumption.reason;
    return consumption.value;
  }
}
