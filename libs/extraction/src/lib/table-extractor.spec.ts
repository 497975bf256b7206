import { MysqlFixture } from '@tidemark/testing';
import { WatermarkStore } from '@tidemark/watermark-store';
import { ExtractorFixture } from '../test/extractor.fixture';
import { TableExtractor } from './table-extractor';

describe('TableExtractor on real MariaDB', () => {
  let fx: ExtractorFixture;
  let db: MysqlFixture;
  let watermarks: WatermarkStore;
  let extractor: TableExtractor;

  beforeAll(async () => {
    fx = await ExtractorFixture.create('tm_extract');
    db = fx.db;
    watermarks = fx.watermarks;
    extractor = fx.extractor();
  });

  afterAll(() => fx?.close());

  const request = (table: string, batchSize = 2, cursorColumn = 'updated_at') => fx.request(table, { batchSize, cursorColumn });
  const readParquet = (table: string) => fx.readParquet(table);

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
