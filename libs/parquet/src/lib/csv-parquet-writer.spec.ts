import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '@tidemark/testing';
import { ColumnSchema } from '@tidemark/watermark-model';
import { CsvParquetWriter } from './csv-parquet-writer';
import { RawRowBytes } from './csv-row-encoder';
import { DuckdbSession, duckdbString } from './duckdb-session';

/** Everything of the two columns below but their names and types. */
const NOT_NULL = { nullable: false, length: null, precision: null, scale: null, charset: 'utf8mb4' };
const COLUMNS: ColumnSchema[] = [
  { name: 'id', dataType: 'bigint', columnType: 'bigint', ...NOT_NULL },
  { name: 'note', dataType: 'varchar', columnType: 'varchar(120)', ...NOT_NULL },
];

/** A row as MySQL's text protocol sends it: each value a one-byte length, then its bytes (values < 251 bytes). */
function rawRow(values: string[]): RawRowBytes {
  const parts = values.flatMap((v) => {
    const bytes = Buffer.from(v);
    return [Buffer.from([bytes.length]), bytes];
  });
  const buffer = Buffer.concat(parts);
  return { buffer, start: 0, end: buffer.length, values: () => values };
}

/** Bytes in a directory now (DuckDB's spill files), 0 when it does not exist. */
function directoryBytes(path: string): number {
  if (!existsSync(path)) return 0;
  return readdirSync(path).reduce(
    (sum, name) => sum + (statSync(join(path, name), { throwIfNoEntry: false })?.size ?? 0),
    0,
  );
}

describe('CsvParquetWriter (real DuckDB, a named pipe)', () => {
  const dir = makeTempDir();
  const spill = join(dir.path, 'duckdb');
  const LAST = { name: 'load_order', value: '7' };
  let session: DuckdbSession;

  beforeAll(async () => {
    // As the extractor opens it (one thread), with a limit well below what is streamed.
    session = await DuckdbSession.open({ tempDirectory: spill, memoryLimit: '32MB', threads: 1 });
  });
  afterAll(() => {
    session.close();
    dir.remove();
  });

  it('spills nothing however much streams through the pipe: DuckDB keeps no buffer it has parsed', async () => {
    const rows = 700_000;
    const writer = new CsvParquetWriter(session, COLUMNS, {
      directory: dir.path,
      nextLoadOrder: () => LAST,
      rowGroupRows: 10_000,
    });
    let spilledBytes = 0;
    const watch = setInterval(() => (spilledBytes = Math.max(spilledBytes, directoryBytes(spill))), 2);
    let streamedBytes = 0;
    try {
      for (let id = 1; id <= rows; id++) {
        const row = rawRow([String(id), `note ${id} `.padEnd(100, 'x')]);
        streamedBytes += row.end;
        const wait = writer.append(row);
        if (wait) await wait;
        if (id % 1000 === 0) await writer.drained();
      }
      const written = await writer.flush(join(dir.path, 'rows.parquet'), LAST);
      expect(written.rows).toBe(rows);
      const check = await session.connection.runAndReadAll(
        `SELECT count(*)::INTEGER AS n, count(*) FILTER (WHERE id <> rn)::INTEGER AS out_of_order
         FROM (SELECT id, row_number() OVER () AS rn FROM read_parquet(${duckdbString(written.path)}))`,
      );
      expect(check.getRowObjects()[0]).toEqual({ n: rows, out_of_order: 0 });
    } finally {
      clearInterval(watch);
      await writer.close();
    }
    expect(streamedBytes).toBeGreaterThan(2 * 32 * 1024 * 1024);
    expect(spilledBytes).toBe(0);
  });

  it('streams every file through one pipe, made once (ADR 0048)', async () => {
    const directory = join(dir.path, 'files');
    mkdirSync(directory);
    const writer = new CsvParquetWriter(session, COLUMNS, {
      directory,
      nextLoadOrder: () => LAST,
      streamAfterRows: 10,
    });
    const pipes = new Set<number>();
    const counts: unknown[] = [];
    try {
      for (const file of [1, 2, 3]) {
        for (let i = 1; i <= 1000; i++) {
          const wait = writer.append(rawRow([String(file * 10_000 + i), `file ${file}`]));
          if (wait) await wait;
        }
        pipes.add(statSync(join(directory, 'rows.csv')).ino);
        const written = await writer.flush(join(directory, `file-${file}.parquet`), LAST);
        const check = await session.connection.runAndReadAll(
          `SELECT count(*)::INTEGER AS n, min(id)::INTEGER AS first, max(id)::INTEGER AS last, count(DISTINCT note)::INTEGER AS notes
           FROM read_parquet(${duckdbString(written.path)})`,
        );
        counts.push(check.getRowObjects()[0]);
      }
    } finally {
      await writer.close();
    }
    expect(counts).toEqual(
      [1, 2, 3].map((f) => ({ n: 1000, first: f * 10_000 + 1, last: f * 10_000 + 1000, notes: 1 })),
    );
    expect(pipes.size).toBe(1);
    expect(existsSync(join(directory, 'rows.csv'))).toBe(false);
  });

  it('holds a file\'s first 999 rows, and streams them through the pipe from the 1,000th on (ADR 0057)', async () => {
    const directory = join(dir.path, 'held');
    mkdirSync(directory);
    const writer = new CsvParquetWriter(session, COLUMNS, { directory, nextLoadOrder: () => LAST });
    const pipe = join(directory, 'rows.csv');
    try {
      for (let id = 1; id <= 999; id++) await writer.append(rawRow([String(id), 'held']));
      expect(existsSync(pipe)).toBe(false);
      await writer.append(rawRow(['1000', 'streamed']));
      expect(statSync(pipe).isFIFO()).toBe(true);
      const written = await writer.flush(join(directory, 'rows.parquet'), LAST);
      const check = await session.connection.runAndReadAll(
        `SELECT count(*)::INTEGER AS n, min(id)::INTEGER AS first, max(id)::INTEGER AS last FROM read_parquet(${duckdbString(written.path)})`,
      );
      expect(check.getRowObjects()[0]).toEqual({ n: 1000, first: 1, last: 1000 });
    } finally {
      await writer.close();
    }
  });
});
