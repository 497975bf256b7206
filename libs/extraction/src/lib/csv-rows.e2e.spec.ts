import { join } from 'node:path';
import {
  CsvParquetWriter,
  describeRowByKey,
  DuckdbSession,
  duckdbString,
  ParquetFileWriter,
  UnstorableTextRule,
  ValueRules,
} from '@tidemark/parquet';
import { RawRow, readBatches } from '@tidemark/source';
import { ColumnSchema } from '@tidemark/watermark-model';
import { ExtractorFixture } from '../test/extractor.fixture';

/**
 * The CSV writer (raw rows → named pipe → DuckDB's CSV reader) must write
 * the same Parquet file as the appender (mysql2 values → DuckDB appender),
 * value for value, for values that a CSV dialect gets wrong: delimiters,
 * quotes, line breaks, backslashes, the NULL marker as text, empty strings,
 * zero dates, NULs under the unstorable-text rule, rows too long to stream,
 * and numbers and times at their limits (read by the CSV reader as their file
 * types, not cast from text).
 */
describe('raw rows through the CSV writer (real MariaDB, real DuckDB)', () => {
  let fx: ExtractorFixture;
  let session: DuckdbSession;
  let columns: ColumnSchema[];
  const LAST = { name: 'load_order', value: '42' };

  beforeAll(async () => {
    fx = await ExtractorFixture.create('tm_csvrows');
    session = await DuckdbSession.open({ tempDirectory: join(fx.dir.path, 'duckdb'), memoryLimit: '96MB' });
    await fx.db.exec(
      `CREATE TABLE hostile (id INT PRIMARY KEY, t TEXT NULL, v VARCHAR(40) NULL, d DATETIME(6) NULL, day DATE NULL,
         amount DECIMAL(12,2) NULL, flag TINYINT(1) NULL, doc JSON NULL, big LONGTEXT NULL,
         n BIGINT UNSIGNED NULL, s SMALLINT NULL, y YEAR NULL, f DOUBLE NULL, d4 DECIMAL(18,4) NULL, ts TIMESTAMP(3) NULL)
         CHARACTER SET utf8mb4`,
    );
    await fx.db.exec("SET SESSION sql_mode = ''");
    const values: unknown[][] = [
      [
        1,
        'tab\there',
        'comma, "quoted"',
        '2025-01-02 03:04:05.123456',
        '2025-01-02',
        '-12.30',
        1,
        '{"a": "b\\"c"}',
        null,
        '18446744073709551615',
        -32768,
        1901,
        '1.7976931348623157e308',
        '99999999999999.9999',
        '2038-01-19 03:14:07.999',
      ],
      [
        2,
        'line\nbreak\r\nand CR',
        '\\N',
        '0000-00-00 00:00:00',
        '0000-00-00',
        '0.00',
        0,
        '[1, 2]',
        '',
        '0',
        32767,
        2155,
        '-2.2250738585072014e-308',
        '-99999999999999.9999',
        '0000-00-00 00:00:00',
      ],
      [3, '', '', null, null, null, null, null, null, null, null, null, null, null, null],
      [
        4,
        'ünïcödé ✓ 𝄞',
        'back\\slash',
        '2024-02-29 23:59:59.000001',
        '2024-02-29',
        '9999999999.99',
        5,
        'null',
        'x'.repeat(400_000),
        '9223372036854775808',
        0,
        0,
        '0.1',
        '0.0001',
        '1970-01-01 00:00:01',
      ],
      [
        5,
        'nul\u0000inside',
        'NULL',
        '1970-01-01 00:00:00',
        '1970-01-01',
        '1.00',
        1,
        '"\\u0000"',
        'small',
        '1',
        -1,
        2000,
        '123456789.12345679',
        '-0.0001',
        null,
      ],
      [
        6,
        '"',
        '"',
        '2030-12-31 00:00:00',
        '2030-12-31',
        '-0.01',
        null,
        '{}',
        'y'.repeat(300_000),
        '12345',
        5,
        1999,
        '5e-324',
        '1.5',
        '2000-02-29 12:00:00.5',
      ],
    ];
    const names = ['id', 't', 'v', 'd', 'day', 'amount', 'flag', 'doc', 'big', 'n', 's', 'y', 'f', 'd4', 'ts'];
    await fx.db.insert('hostile', names, values);
    columns = (await fx.source.describeTable(fx.db.database, 'hostile')).columns;
  });

  afterAll(async () => {
    session?.close();
    await fx?.close();
  });

  const rules = () =>
    new ValueRules(
      columns,
      undefined,
      new UnstorableTextRule(
        { mode: 'replace', table: 'hostile', describeRow: describeRowByKey(columns, ['id']) },
        columns,
      ),
    );

  const readBack = async (path: string) =>
    (await session.connection.runAndReadAll(`SELECT * FROM read_parquet(${duckdbString(path)})`)).getRowsJS();

  const from = () => `\`${fx.db.database}\`.hostile`;
  const select = () => ({ sql: `SELECT * FROM ${from()} ORDER BY id`, params: [] });

  it.each([
    ['through a pipe', 1],
    ['held back, too few rows for a pipe', undefined],
  ])('writes the same file as the appender, row for row (%s)', async (_how, streamAfterRows) => {
    const typed = await ParquetFileWriter.create(session, columns, { rules: rules() });
    for await (const batch of readBatches<unknown[]>(fx.source.stream(select())))
      for (const row of batch) typed.append(row);
    const expected = await readBack((await typed.flush(join(fx.dir.path, 'typed.parquet'), LAST)).path);
    typed.close();

    const csv = new CsvParquetWriter(session, columns, {
      rules: rules(),
      directory: fx.dir.path,
      nextLoadOrder: () => LAST,
      streamAfterRows,
    });
    for await (const batch of readBatches<RawRow>(fx.source.streamRaw(select()))) {
      for (const row of batch) await csv.append(row);
      await csv.drained();
    }
    const written = await csv.flush(join(fx.dir.path, 'csv.parquet'), LAST);
    await csv.close();
    expect(written.rows).toBe(6);
    const actual = await readBack(written.path);
    expect(actual).toEqual(expected);
    // The values the CSV dialect could get wrong, spelled out.
    expect(actual.map((r) => [r[0], r[1], r[2]])).toEqual([
      [1, 'tab\there', 'comma, "quoted"'],
      [2, 'line\nbreak\r\nand CR', '\\N'],
      [3, '', ''],
      [4, 'ünïcödé ✓ 𝄞', 'back\\slash'],
      [5, 'nul\ufffdinside', 'NULL'],
      [6, '"', '"'],
    ]);
    expect(actual[1][3]).toBeNull(); // a zero date is NULL, as the appender writes it
    expect(String(actual[3][8]).length).toBe(400_000); // too long to stream: appended, in its place
  });

  it('cuts several stretches into parts in row order', async () => {
    const csv = new CsvParquetWriter(session, columns, {
      rules: rules(),
      directory: fx.dir.path,
      nextLoadOrder: () => LAST,
      streamAfterRows: 1,
    });
    for await (const batch of readBatches<RawRow>(fx.source.streamRaw(select())))
      for (const row of batch) await csv.append(row);
    const parts = await csv.flushParts([join(fx.dir.path, 'p1.parquet'), join(fx.dir.path, 'p2.parquet')], LAST);
    await csv.close();
    expect(parts.map((p) => p.rows)).toEqual([3, 3]);
    const ids = [...(await readBack(parts[0].path)), ...(await readBack(parts[1].path))].map((r) => r[0]);
    expect(ids).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("fails with DuckDB's error, and does not hang, when DuckDB refuses a value mid-stream", async () => {
    const decimal = columns.map((c) => (c.name === 'v' ? 'DECIMAL(10,2)' : undefined));
    const fileTypes = columns.map((c, i) => decimal[i] ?? (c.dataType === 'int' ? 'INTEGER' : 'VARCHAR'));
    const csv = new CsvParquetWriter(session, columns, {
      directory: fx.dir.path,
      nextLoadOrder: () => LAST,
      fileTypes,
      streamAfterRows: 1,
    });
    const run = async () => {
      for await (const batch of readBatches<RawRow>(
        fx.source.streamRaw({ sql: `SELECT * FROM ${from()} WHERE id <> 4 AND id <> 6 ORDER BY id`, params: [] }),
      )) {
        for (const row of batch) await csv.append(row);
        await csv.drained();
      }
      await csv.flush(join(fx.dir.path, 'bad.parquet'), LAST);
    };
    await expect(run()).rejects.toThrow(/Conversion Error|Could not convert/);
    await csv.close();
  });
});
