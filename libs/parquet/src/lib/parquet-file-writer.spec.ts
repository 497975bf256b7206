import { join } from 'node:path';
import { makeTempDir } from '@tidemark/testing';
import { ColumnSchema } from '@tidemark/watermark-model';
import { DuckdbSession, duckdbString } from './duckdb-session';
import { ParquetFileWriter } from './parquet-file-writer';

const column = (name: string, dataType: string, columnType: string, length: number | null = null): ColumnSchema => ({
  name,
  dataType,
  columnType,
  nullable: true,
  length,
  precision: null,
  scale: null,
  charset: 'utf8mb4',
});

describe('ParquetFileWriter', () => {
  const dir = makeTempDir();
  let session: DuckdbSession;

  beforeAll(async () => {
    session = await DuckdbSession.open({ tempDirectory: join(dir.path, 'duckdb') });
  });
  afterAll(() => {
    session.close();
    dir.remove();
  });

  const rowGroups = async (path: string) => {
    const reader = await session.connection.runAndReadAll(
      `SELECT count(DISTINCT row_group_id)::INTEGER AS groups, sum(row_group_num_rows)::INTEGER AS rows FROM (SELECT DISTINCT row_group_id, row_group_num_rows FROM parquet_metadata(${duckdbString(path)}))`,
    );
    return reader.getRowObjects()[0];
  };

  const ids = async (paths: string[]) => {
    const list = `[${paths.map(duckdbString).join(', ')}]`;
    const reader = await session.connection.runAndReadAll(
      `SELECT id::INTEGER AS id, filename FROM read_parquet(${list}, filename = true)`,
    );
    return reader.getRowObjects() as { id: number; filename: string }[];
  };

  it('keeps every row, in order, across the appender flushes of a buffer larger than 32 MiB', async () => {
    const writer = await ParquetFileWriter.create(
      session,
      [column('id', 'int', 'int(11)'), column('t', 'text', 'text')],
      { rowGroupRows: 8192 },
    );
    const filler = 'x'.repeat(1000);
    for (let i = 0; i < 40_000; i++) writer.append([i, `${i}:${filler}`]);
    expect(writer.bufferedBytes).toBeGreaterThan(32 * 1024 * 1024);
    const path = join(dir.path, 'large.parquet');
    expect((await writer.flush(path)).rows).toBe(40_000);
    const reader = await session.connection.runAndReadAll(
      `SELECT count(*)::INTEGER AS n, count(*) FILTER (WHERE id <> rn - 1)::INTEGER AS misplaced, count(*) FILTER (WHERE t <> id || ':' || ${duckdbString(filler)})::INTEGER AS changed ` +
        `FROM (SELECT id, t, row_number() OVER () AS rn FROM read_parquet(${duckdbString(path)}))`,
    );
    expect(reader.getRowObjects()[0]).toEqual({ n: 40_000, misplaced: 0, changed: 0 });
  });

  it('flushParts writes the buffered rows in order as files of near-equal row counts, each row once', async () => {
    const writer = await ParquetFileWriter.create(
      session,
      [column('id', 'int', 'int(11)'), column('t', 'varchar', 'varchar(20)', 20)],
      { rowGroupRows: 4096 },
    );
    for (let i = 0; i < 10_003; i++) writer.append([i, `row ${i}`]);
    const paths = [0, 1, 2, 3].map((n) => join(dir.path, `part-${n}.parquet`));
    const files = await writer.flushParts(paths);
    expect(files.map((f) => [f.path, f.rows])).toEqual([
      [paths[0], 2500],
      [paths[1], 2501],
      [paths[2], 2501],
      [paths[3], 2501],
    ]);
    for (const f of files) expect(f.bytes).toBeGreaterThan(0);
    const read = await ids(paths);
    expect(read.map((r) => r.id)).toEqual(Array.from({ length: 10_003 }, (_, i) => i));
    expect(read.filter((r) => r.filename === paths[1]).map((r) => r.id)).toEqual(
      Array.from({ length: 2501 }, (_, i) => 2500 + i),
    );

    // The buffer is empty afterwards: the next flush holds only the rows appended since.
    writer.append([20_000, 'next']);
    const next = await writer.flush(join(dir.path, 'after-parts.parquet'));
    writer.close();
    expect(next.rows).toBe(1);
    expect((await ids([next.path])).map((r) => r.id)).toEqual([20_000]);
  });

  it('writes a given constant column last, as a signed INT64, in every part', async () => {
    const writer = await ParquetFileWriter.create(session, [column('id', 'int', 'int(11)')], { rowGroupRows: 4096 });
    for (let i = 0; i < 5; i++) writer.append([i]);
    const paths = [0, 1].map((n) => join(dir.path, `ordered-${n}.parquet`));
    await writer.flushParts(paths, { name: 'order "x"', value: '9223372036854775807' });
    writer.close();
    for (const path of paths) {
      const schema = await session.connection.runAndReadAll(
        `SELECT name, type, converted_type, logical_type FROM parquet_schema(${duckdbString(path)}) WHERE name <> 'duckdb_schema'`,
      );
      expect(schema.getRowObjects()).toEqual([
        { name: 'id', type: 'INT32', converted_type: 'INT_32', logical_type: null },
        { name: 'order "x"', type: 'INT64', converted_type: 'INT_64', logical_type: null },
      ]);
      const values = await session.connection.runAndReadAll(
        `SELECT DISTINCT CAST("order ""x""" AS VARCHAR) FROM read_parquet(${duckdbString(path)})`,
      );
      expect(values.getRows()).toEqual([['9223372036854775807']]);
    }
  });

  it('refuses a constant that is not a BIGINT, writing nothing', async () => {
    const writer = await ParquetFileWriter.create(session, [column('id', 'int', 'int(11)')], { rowGroupRows: 4096 });
    writer.append([1]);
    await expect(
      writer.flush(join(dir.path, 'never.parquet'), { name: 'o', value: '1; DROP TABLE x' }),
    ).rejects.toThrow('"1; DROP TABLE x" is not a BIGINT');
    writer.close();
  });

  it('keeps the configured row count for narrow rows', async () => {
    const writer = await ParquetFileWriter.create(session, [column('id', 'int', 'int(11)')], { rowGroupRows: 4096 });
    for (let i = 0; i < 10_000; i++) writer.append([i]);
    const file = await writer.flush(join(dir.path, 'narrow.parquet'));
    writer.close();
    expect(file.rows).toBe(10_000);
    expect(await rowGroups(file.path)).toEqual({ groups: 3, rows: 10_000 });
  });

  it('uses smaller row groups for wide rows, so DuckDB holds less in memory', async () => {
    const columns = [
      column('id', 'int', 'int(11)'),
      ...Array.from({ length: 8 }, (_, i) => column(`t${i}`, 'varchar', 'varchar(2000)', 2000)),
    ];
    const writer = await ParquetFileWriter.create(session, columns, { rowGroupRows: 122_880 });
    const text = 'x'.repeat(2000); // ~16 KB a row: 16 MiB holds ~1,000 rows, so the 2,048-row floor applies
    for (let i = 0; i < 5000; i++) writer.append([i, ...columns.slice(1).map(() => text)]);
    const file = await writer.flush(join(dir.path, 'wide.parquet'));
    writer.close();
    expect(await rowGroups(file.path)).toEqual({ groups: 3, rows: 5000 });
  });

  it('bounds a row group by 4 MiB of row bytes, so rows of a few hundred bytes (`wide`) get groups of a few thousand', async () => {
    const columns = [column('id', 'int', 'int(11)'), column('t', 'varchar', 'varchar(600)', 600)];
    const writer = await ParquetFileWriter.create(session, columns, { rowGroupRows: 122_880 });
    const text = 'y'.repeat(500); // 40,000 rows of ~500 bytes: ~20 MB, two groups under a 16 MiB bound, five under 4 MiB
    for (let i = 0; i < 40_000; i++) writer.append([i, text]);
    const file = await writer.flush(join(dir.path, 'medium.parquet'));
    writer.close();
    const { groups, rows } = await rowGroups(file.path);
    expect(rows).toBe(40_000);
    expect(groups).toBeGreaterThanOrEqual(4); // DuckDB rounds a group's rows up to whole vectors
  });
});
