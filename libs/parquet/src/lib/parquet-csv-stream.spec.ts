import { createReadStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir } from '@tidemark/testing';
import { DuckdbSession, duckdbString } from './duckdb-session';
import { streamParquetAsCsv } from './parquet-csv-stream';
import { parquetToCsv } from './parquet-to-csv';

const COLUMNS = ['id', 'note', 'at'].map((parquetName) => ({ parquetName }));

/** Reads the whole pipe, like a COPY that succeeds. */
const readAll = (path: string) => readFile(path, 'utf8');

/** Reads the first chunk of the pipe, then fails, like a COPY that PostgreSQL refuses part way. */
const failAfterFirstChunk = (path: string) =>
  new Promise<string>((_resolve, reject) => {
    const stream = createReadStream(path);
    stream.once('data', () => {
      stream.destroy();
      reject(new Error('COPY refused a value'));
    });
    stream.once('error', reject);
  });

describe('streamParquetAsCsv', () => {
  const dir = makeTempDir();
  let session: DuckdbSession;
  const parquet = join(dir.path, 'rows.parquet');
  const pipe = join(dir.path, 'rows.csv');

  beforeAll(async () => {
    session = await DuckdbSession.open({ tempDirectory: join(dir.path, 'duckdb'), threads: 1 });
    // Far more than a pipe holds (64 KiB): decode and reader must take turns.
    await session.run(
      `COPY (SELECT range AS id, CASE WHEN range % 7 = 0 THEN NULL ELSE 'note "' || range || '", ok' END AS note, ` +
        `TIMESTAMP '2024-01-01' + INTERVAL (range) MICROSECOND AS at FROM range(200000)) TO ${duckdbString(parquet)} (FORMAT parquet)`,
    );
  });
  afterAll(() => {
    session.close();
    dir.remove();
  });

  /** The session still answers: no query of a failed stream is left running in it. */
  const sessionAnswers = async () => (await session.connection.runAndReadAll('SELECT 42 AS n')).getRowObjects()[0]['n'];

  it('hands the consumer exactly the CSV that parquetToCsv writes to a file, and removes the pipe', async () => {
    const file = join(dir.path, 'expected.csv');
    await parquetToCsv(session, parquet, COLUMNS, file);
    const streamed = await streamParquetAsCsv(session, parquet, COLUMNS, pipe, readAll);
    expect(streamed.length).toBeGreaterThan(1 << 20);
    expect(streamed).toBe(readFileSync(file, 'utf8'));
    expect(existsSync(pipe)).toBe(false);
  });

  it("a consumer failing part way ends the decode too, and its own error is the one thrown", async () => {
    await expect(streamParquetAsCsv(session, parquet, COLUMNS, pipe, failAfterFirstChunk)).rejects.toThrow('COPY refused a value');
    expect(existsSync(pipe)).toBe(false);
    expect(await sessionAnswers()).toBe(42);
  });

  it('a consumer failing before it opens the pipe does not leave the decode waiting for a reader', async () => {
    const refuse = () => Promise.reject(new Error('the warehouse refused the COPY statement'));
    await expect(streamParquetAsCsv(session, parquet, COLUMNS, pipe, refuse)).rejects.toThrow('refused the COPY statement');
    expect(await sessionAnswers()).toBe(42);
  });

  it("a decode that fails ends a consumer waiting on the pipe, and the decode's error is the one thrown", async () => {
    const notParquet = join(dir.path, 'not.parquet');
    writeFileSync(notParquet, 'these bytes are not a Parquet file');
    let consumerSaw: string | undefined;
    const recordingReader = async (path: string) => (consumerSaw = await readAll(path));
    await expect(streamParquetAsCsv(session, notParquet, COLUMNS, pipe, recordingReader)).rejects.toThrow(/not\.parquet/);
    // The reader was released with an empty file (or found no pipe), and never waited forever.
    expect(consumerSaw ?? '').toBe('');
    expect(existsSync(pipe)).toBe(false);
    expect(await sessionAnswers()).toBe(42);
  });
});
