import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { text } from 'node:stream/consumers';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { join } from 'node:path';
import { makeTempDir } from '@tidemark/testing';
import { DuckdbSession, duckdbString } from './duckdb-session';
import { ParquetCsvStream } from './parquet-csv-stream';
import { parquetToCsv } from './parquet-to-csv';

const COLUMNS = ['id', 'note', 'at'].map((parquetName) => ({ parquetName }));

/** Reads the whole pipe, like a COPY that succeeds. */
const readAll = (csv: Readable) => text(csv);

/** Takes the first chunk of the pipe, then fails, like a COPY that PostgreSQL refuses part way (pg's pipeline errors the source too). */
const failAfterFirstChunk = (csv: Readable) =>
  pipeline(csv, new Writable({ write: (_chunk, _encoding, done) => done(new Error('COPY refused a value')) }));

describe('ParquetCsvStream', () => {
  const dir = makeTempDir();
  let session: DuckdbSession;
  let decoder: ParquetCsvStream;
  const parquet = join(dir.path, 'rows.parquet');
  const pipePath = join(dir.path, 'decoded.csv');

  beforeAll(async () => {
    session = await DuckdbSession.open({ tempDirectory: join(dir.path, 'duckdb'), threads: 1 });
    decoder = new ParquetCsvStream(session, pipePath);
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

  /** The stream is whole again: the next file decodes through the same pipe. */
  const nextFileStreams = async () =>
    expect((await decoder.stream(parquet, COLUMNS, readAll)).length).toBeGreaterThan(1 << 20);

  it('hands the consumer exactly the CSV that parquetToCsv writes to a file, file after file through one pipe', async () => {
    const file = join(dir.path, 'expected.csv');
    await parquetToCsv(session, parquet, COLUMNS, file);
    const expected = readFileSync(file, 'utf8');
    expect(expected.length).toBeGreaterThan(1 << 20);
    expect(await decoder.stream(parquet, COLUMNS, readAll)).toBe(expected);
    const pipe = statSync(pipePath).ino;
    for (let i = 0; i < 2; i++) expect(await decoder.stream(parquet, COLUMNS, readAll)).toBe(expected);
    expect(statSync(pipePath).ino).toBe(pipe);
  });

  it('a consumer failing part way ends the decode too, and its own error is the one thrown', async () => {
    await expect(decoder.stream(parquet, COLUMNS, failAfterFirstChunk)).rejects.toThrow('COPY refused a value');
    expect(await sessionAnswers()).toBe(42);
    await nextFileStreams();
  });

  it('a consumer failing before it reads does not leave the decode waiting for a reader', async () => {
    const refuse = () => Promise.reject(new Error('the warehouse refused the COPY statement'));
    await expect(decoder.stream(parquet, COLUMNS, refuse)).rejects.toThrow('refused the COPY statement');
    expect(await sessionAnswers()).toBe(42);
    await nextFileStreams();
  });

  it("a decode that fails ends the consumer, and the decode's error is the one thrown", async () => {
    const notParquet = join(dir.path, 'not.parquet');
    writeFileSync(notParquet, 'these bytes are not a Parquet file');
    await expect(decoder.stream(notParquet, COLUMNS, readAll)).rejects.toThrow(/not\.parquet/);
    expect(await sessionAnswers()).toBe(42);
    await nextFileStreams();
  });
});
