import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { LocalDirectoryStore } from '@tidemark/object-store';
import { DuckdbSession, duckdbString } from '@tidemark/parquet';
import { MysqlSource } from '@tidemark/source';
import { makeTempDir, MYSQL, MysqlFixture } from '@tidemark/testing';
import { openWatermarkDataSource, WatermarkStore } from '@tidemark/watermark-store';
import { DataSource } from 'typeorm';
import { TableExtractor } from './table-extractor';

describe('TableExtractor on real MariaDB', () => {
  let db: MysqlFixture;
  let dir: ReturnType<typeof makeTempDir>;
  let source: MysqlSource;
  let dataSource: DataSource;
  let watermarks: WatermarkStore;
  let extractor: TableExtractor;

  beforeAll(async () => {
    db = await MysqlFixture.create('tm_extract');
    dir = makeTempDir();
    source = await MysqlSource.connect({ name: 'default', ...MYSQL });
    dataSource = await openWatermarkDataSource({ type: 'sqlite', path: join(dir.path, 'wm.sqlite') });
    watermarks = new WatermarkStore(dataSource);
    extractor = new TableExtractor({
      source,
      store: new LocalDirectoryStore(join(dir.path, 'objects')),
      watermarks,
      settings: { targetFileBytes: 1 << 30, rowGroupRows: 1000, workDirectory: join(dir.path, 'work') },
      holder: 'extractor-spec',
    });
  });

  afterAll(async () => {
    await source?.close();
    await dataSource?.destroy();
    await db?.drop();
    dir?.remove();
  });

  const request = (table: string, batchSize = 2, cursorColumn = 'updated_at') => ({
    pipeline: 'p',
    tableKey: `${db.database}.${table}`,
    location: { prefix: 'tm', pipeline: 'p', connection: 'default', schema: db.database, table },
    cursorColumn,
    batchSize,
  });

  async function readParquet(table: string): Promise<string[][]> {
    const files: string[] = readdirSync(join(dir.path, 'objects'), { recursive: true })
      .map(String)
      .filter((f) => f.includes(`/${table}/`) && f.endsWith('.parquet'))
      .map((f) => join(dir.path, 'objects', f));
    const session = await DuckdbSession.open({ tempDirectory: join(dir.path, 'duck') });
    try {
      const list = `[${files.map(duckdbString).join(', ')}]`;
      const reader = await session.connection.runAndReadAll(
        `SELECT CAST(COLUMNS(*) AS VARCHAR) FROM read_parquet(${list}) ORDER BY 1, 2`,
      );
      return reader.getRows().map((r) => r.map((v) => (v === null ? null : String(v))) as string[]);
    } finally {
      session.close();
    }
  }

  it('pages over BIGINT UNSIGNED keys above 2^53 sharing one timestamp, exactly', async () => {
    await db.exec(`CREATE TABLE big (id BIGINT UNSIGNED PRIMARY KEY, updated_at DATETIME(6) NOT NULL, v DECIMAL(38,10))`);
    const ids = ['9007199254740993', '9007199254740994', '18446744073709551614', '18446744073709551615', '1'];
    for (const id of ids) {
      await db.exec('INSERT INTO big VALUES (?, ?, ?)', [id, '2025-08-01 10:00:00.123456', '1234567890123456789012345678.0123456789']);
    }
    const result = await extractor.run(request('big'));
    expect(result.rows).toBe(5);
    expect(result.cursor).toEqual({ timestamp: '2025-08-01 10:00:00.123456', primaryKey: ['18446744073709551615'] });
    const rows = await readParquet('big');
    expect(rows.map((r) => r[0]).sort()).toEqual([...ids].sort());
    expect(new Set(rows.map((r) => r[1]))).toEqual(new Set(['2025-08-01 10:00:00.123456']));
    expect(new Set(rows.map((r) => r[2]))).toEqual(new Set(['1234567890123456789012345678.0123456789']));
  });

  it('keyset-pages a composite primary key without skipping or repeating a row', async () => {
    await db.exec(`CREATE TABLE comp (region VARCHAR(4), n INT, updated_at DATETIME(6) NOT NULL, PRIMARY KEY (region, n))`);
    for (const region of ['eu', 'us']) {
      for (let n = 1; n <= 5; n++) await db.exec('INSERT INTO comp VALUES (?, ?, ?)', [region, n, '2025-01-01 00:00:00']);
    }
    const result = await extractor.run(request('comp', 3));
    expect(result.rows).toBe(10);
    const keys = (await readParquet('comp')).map((r) => `${r[0]}/${r[1]}`);
    expect(new Set(keys).size).toBe(10);
  });

  it('stops after --limit rows and resumes from there on the next run', async () => {
    await db.exec(`CREATE TABLE lim (id INT PRIMARY KEY, updated_at DATETIME NOT NULL)`);
    for (let id = 1; id <= 9; id++) await db.exec('INSERT INTO lim VALUES (?, ?)', [id, `2025-01-0${id} 00:00:00`]);
    const first = await extractor.run({ ...request('lim', 2), limitRows: 5 });
    expect(first.rows).toBe(5);
    const second = await extractor.run(request('lim', 2));
    expect(second.rows).toBe(4);
    const w = await watermarks.get({ pipeline: 'p', table: `${db.database}.lim` });
    expect(w?.extract.rowsExtracted).toBe(9);
  });

  describe('refuses a table it cannot sync, and writes no watermark', () => {
    beforeAll(async () => {
      await db.exec(`CREATE TABLE nokey (id INT, updated_at DATETIME)`);
      await db.exec(`CREATE TABLE nocursor (id INT PRIMARY KEY, changed DATETIME)`);
      await db.exec(`CREATE TABLE intcursor (id INT PRIMARY KEY, updated_at INT)`);
    });

    it.each([
      ['missing', 'updated_at', /table tm_extract_\w+\.missing does not exist in MySQL connection "default"/],
      ['nokey', 'updated_at', /table tm_extract_\w+\.nokey has no primary key/],
      ['nocursor', 'updated_at', /has no cursor column "updated_at"/],
      ['intcursor', 'updated_at', /cursor column tm_extract_\w+\.intcursor\.updated_at is int\(11\); it must be DATETIME or TIMESTAMP/],
    ])('%s', async (table, cursor, message) => {
      await expect(extractor.run(request(table, 2, cursor))).rejects.toThrow(message);
      expect(await watermarks.get({ pipeline: 'p', table: `${db.database}.${table}` })).toBeNull();
    });
  });
});
