import { constants } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { CsvPipe } from './csv-pipe';
import { DuckdbSession } from './duckdb-session';
import { CsvColumn, parquetToCsv } from './parquet-to-csv';

/** Opens `path` with `flags` and closes it again; gone or nobody at the other end is fine. */
async function touchPipe(path: string, flags: number): Promise<void> {
  try {
    await (await open(path, flags)).close();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENXIO' && code !== 'ENOENT') throw error;
  }
}

/**
 * A reader blocked opening the pipe, waiting for a writer that failed before it opened, sees the end of the
 * file; one that has not opened it yet finds no pipe. (A reader blocked in `open` counts as a reader, so the
 * non-blocking write open succeeds exactly when one waits.)
 */
async function releaseReader(path: string): Promise<void> {
  await touchPipe(path, constants.O_WRONLY | constants.O_NONBLOCK);
  await rm(path, { force: true });
}

const DRAIN_POLL_MS = 2;

/**
 * Reads and drops whatever DuckDB writes into the pipe until its decode ends:
 * a consumer that failed leaves a writer that may be about to open the pipe
 * (an open for writing waits for a reader) or blocked on a full one. The
 * decode is interrupted too, so little is decoded for nothing.
 */
async function drainUntil(path: string, session: DuckdbSession, decodeEnded: () => boolean): Promise<void> {
  session.connection.interrupt();
  const pipe = await open(path, constants.O_RDONLY | constants.O_NONBLOCK).catch(() => undefined);
  if (!pipe) return;
  const buffer = Buffer.alloc(64 * 1024);
  try {
    while (!decodeEnded()) {
      // 0 bytes: no writer (not opened yet, or gone); EAGAIN: a writer with nothing written yet.
      const read = await pipe.read(buffer, 0, buffer.length, null).catch(() => ({ bytesRead: 0 }));
      if (read.bytesRead === 0) await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS));
    }
  } finally {
    await pipe.close();
  }
}

/** DuckDB's write into a pipe whose reader went away: a consequence of the consumer's failure, never its cause. */
const READER_LEFT = /broken pipe|EPIPE/i;

/**
 * Decodes a Parquet file as CSV into a named pipe at `pipePath` while
 * `consume` reads it (a `COPY … FROM STDIN`), so DuckDB's decode and the
 * warehouse's COPY run on the two cores at once and no CSV waits on disk
 * (ADR 0049). Either side failing ends the other, never leaving it waiting
 * on the pipe. The error thrown is the cause: the decode's when it failed
 * first (a consumer that then saw only part of the rows ends anyway, and
 * the caller checks their count), else the consumer's (a COPY error names
 * the bad value). The pipe is gone afterwards.
 */
export async function streamParquetAsCsv<T>(
  session: DuckdbSession,
  parquetPath: string,
  columns: CsvColumn[],
  pipePath: string,
  consume: (pipePath: string) => Promise<T>,
): Promise<T> {
  CsvPipe.create(pipePath);
  let decodeFailedFirst = false;
  let consumerFailed = false;
  let decodeEnded = false;
  try {
    const decoded = parquetToCsv(session, parquetPath, columns, pipePath)
      .catch(async (error: unknown) => {
        decodeFailedFirst = !consumerFailed && !READER_LEFT.test(String(error));
        await releaseReader(pipePath);
        throw error;
      })
      .finally(() => (decodeEnded = true));
    const consumed = consume(pipePath).catch(async (error: unknown) => {
      consumerFailed = true;
      await drainUntil(pipePath, session, () => decodeEnded);
      throw error;
    });
    const [decode, consumption] = await Promise.allSettled([decoded, consumed]);
    if (decode.status === 'rejected' && (decodeFailedFirst || consumption.status === 'fulfilled')) throw decode.reason;
    if (consumption.status === 'rejected') throw consumption.reason;
    return consumption.value;
  } finally {
    await rm(pipePath, { force: true });
  }
}
