import { MysqlFixture, runsUntilPast } from '@tidemark/testing';
import { canonicalTimestamp } from '@tidemark/watermark-model';
import { ExtractorFixture } from '../test/extractor.fixture';
import { TableExtractor } from './table-extractor';

const utcNow = (offsetSeconds = 0) =>
  new Date(Date.now() + offsetSeconds * 1000).toISOString().replace('T', ' ').replace('Z', '');

describe('CDC strategies on real MariaDB', () => {
  let fx: ExtractorFixture;
  let db: MysqlFixture;
  let extractor: TableExtractor;
  const ids = (rows: string[][]) => rows.map((r) => Number(r[0])).sort((a, b) => a - b);

  beforeAll(async () => {
    fx = await ExtractorFixture.create('tm_cdc');
    db = fx.db;
    extractor = fx.extractor();
  });
  afterAll(() => fx?.close());

  it('timestamp_only reads a table without a key, ties whole, and stops --limit between timestamps', async () => {
    await db.exec('CREATE TABLE events (id INT, updated_at DATETIME(6) NOT NULL)');
    for (let i = 1; i <= 9; i++) await db.exec('INSERT INTO events VALUES (?, ?)', [i, `2025-01-01 00:00:0${Math.ceil(i / 3)}`]);
    const first = await extractor.run(fx.request('events', { strategy: 'timestamp_only', limitRows: 4 }));
    // Rows 1-3 share one timestamp, 4-6 the next: the limit of 4 finishes the second tie.
    expect(first.rows).toBe(6);
    expect(first.cursor).toEqual({ timestamp: '2025-01-01 00:00:02.000000', primaryKey: null });
    const second = await extractor.run(fx.request('events', { strategy: 'timestamp_only' }));
    expect(second.rows).toBe(3);
    expect(ids(await fx.readParquet('events'))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('id_only takes new keys after the stored one and does not see updates', async () => {
    await db.exec('CREATE TABLE log (id BIGINT UNSIGNED PRIMARY KEY, msg VARCHAR(10))');
    await db.exec("INSERT INTO log VALUES (1, 'a'), (2, 'b'), (9007199254740993, 'c')");
    const first = await extractor.run(fx.request('log', { strategy: 'id_only' }));
    expect(first.rows).toBe(3);
    expect(first.cursor).toEqual({ timestamp: null, primaryKey: ['9007199254740993'] });
    await db.exec("UPDATE log SET msg = 'changed' WHERE id = 1");
    await db.exec("INSERT INTO log VALUES (9007199254740994, 'd')");
    const second = await extractor.run(fx.request('log', { strategy: 'id_only' }));
    expect(second.rows).toBe(1);
    const rows = await fx.readParquet('log', second.runId);
    expect(rows).toEqual([['9007199254740994', 'd']]);
  });

  it('full_sync reads the whole table on every run', async () => {
    await db.exec('CREATE TABLE dim (code VARCHAR(4) PRIMARY KEY, label VARCHAR(10))');
    await db.exec("INSERT INTO dim VALUES ('a', 'A'), ('b', 'B'), ('c', 'C')");
    expect((await extractor.run(fx.request('dim', { strategy: 'full_sync' }))).rows).toBe(3);
    await db.exec("DELETE FROM dim WHERE code = 'b'");
    const second = await extractor.run(fx.request('dim', { strategy: 'full_sync' }));
    expect(second.rows).toBe(2);
    expect(await fx.readParquet('dim', second.runId)).toEqual([['a', 'A'], ['c', 'C']]);
  });

  it('custom adds the filter to every query and refuses one that is not a single expression', async () => {
    await db.exec('CREATE TABLE orders (id INT PRIMARY KEY, updated_at DATETIME NOT NULL, status VARCHAR(8))');
    await db.exec("INSERT INTO orders VALUES (1, '2025-01-01', 'draft'), (2, '2025-01-02', 'paid'), (3, '2025-01-03', 'paid')");
    const r = await extractor.run(fx.request('orders', { strategy: 'custom', filter: "status <> 'draft'" }));
    expect(r.rows).toBe(2);
    await expect(extractor.run(fx.request('orders', { strategy: 'custom', filter: "1=1; DROP TABLE orders" }))).rejects.toThrow(
      /custom WHERE "1=1; DROP TABLE orders" is not a single expression: ";" ends a statement/,
    );
    await expect(extractor.run(fx.request('orders', { strategy: 'custom' }))).rejects.toThrow(/the custom strategy needs a WHERE filter/);
    expect((await db.rows('SELECT COUNT(*) AS n FROM orders'))[0]).toEqual({ n: '3' });
  });

  it('lag leaves rows newer than now − lag for a later run', async () => {
    await db.exec('CREATE TABLE recent (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL)');
    await db.exec('INSERT INTO recent VALUES (1, ?), (2, ?)', [utcNow(-600), utcNow(-5)]);
    const r = await extractor.run(fx.request('recent', { lagSeconds: 60 }));
    expect(r.rows).toBe(1);
    const later = await extractor.run(fx.request('recent'));
    expect(later.rows).toBe(1);
  });

  it('lookback re-reads a window behind the cursor without moving it back', async () => {
    await db.exec('CREATE TABLE late (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL)');
    await db.exec("INSERT INTO late VALUES (1, '2025-01-01 00:00:10'), (2, '2025-01-01 00:00:20')");
    const first = await extractor.run(fx.request('late'));
    expect(first.cursor.timestamp).toBe('2025-01-01 00:00:20.000000');
    // A transaction that committed late, with a timestamp behind the cursor:
    await db.exec("INSERT INTO late VALUES (3, '2025-01-01 00:00:15')");
    expect((await extractor.run(fx.request('late'))).rows).toBe(0);
    const withLookback = await extractor.run(fx.request('late', { lookbackSeconds: 30 }));
    expect(withLookback.rows).toBe(3);
    expect(withLookback.cursor).toEqual({ timestamp: '2025-01-01 00:00:20.000000', primaryKey: ['2'] });
  });

  it('keeps the watermark in UTC for DATETIME written in the source zone, and TIMESTAMP as read', async () => {
    await db.exec('CREATE TABLE local_times (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL)');
    await db.exec("INSERT INTO local_times VALUES (1, '2025-08-01 01:30:00')");
    const first = await extractor.run(fx.request('local_times', { sourceTimezone: '+02:00' }));
    expect(first.cursor).toEqual({ timestamp: '2025-07-31 23:30:00.000000', primaryKey: ['1'] });
    await db.exec("INSERT INTO local_times VALUES (2, '2025-08-01 01:30:00.000001'), (0, '2025-08-01 01:29:59')");
    const second = await extractor.run(fx.request('local_times', { sourceTimezone: '+02:00' }));
    expect(second.rows).toBe(1);
    expect(second.cursor.timestamp).toBe('2025-07-31 23:30:00.000001');
    // The Parquet file keeps the wall time as written in the source.
    expect((await fx.readParquet('local_times', second.runId))[0][1]).toBe('2025-08-01 01:30:00.000001');

    await db.exec('CREATE TABLE utc_times (id INT PRIMARY KEY, updated_at TIMESTAMP(6) NOT NULL)');
    await db.exec("INSERT INTO utc_times VALUES (1, '2025-08-01 01:30:00')");
    const ts = await extractor.run(fx.request('utc_times', { sourceTimezone: '+02:00' }));
    expect(ts.cursor.timestamp).toBe('2025-08-01 01:30:00.000000');
    await expect(extractor.run(fx.request('utc_times', { sourceTimezone: 'Europe/Berlin' }))).rejects.toThrow(
      'source timezone "Europe/Berlin" is not supported: use UTC or a fixed offset such as +02:00',
    );
  });

  it('pages and merges by configured key columns when the table has no PRIMARY KEY', async () => {
    await db.exec('CREATE TABLE keyed (code VARCHAR(8) NOT NULL, n INT NOT NULL, updated_at DATETIME NOT NULL, UNIQUE KEY (code, n))');
    await db.exec("INSERT INTO keyed VALUES ('a', 1, '2025-01-01'), ('a', 2, '2025-01-01'), ('b', 1, '2025-01-01')");
    const r = await extractor.run(fx.request('keyed', { keyColumns: ['code', 'n'] }));
    expect(r.rows).toBe(3);
    expect(r.cursor).toEqual({ timestamp: '2025-01-01 00:00:00.000000', primaryKey: ['b', '1'] });
    await expect(extractor.run(fx.request('keyed', { keyColumns: ['nope'] }))).rejects.toThrow(
      /has no key column "nope" \(see keyColumns in the pipeline config\)/,
    );
    await expect(extractor.run(fx.request('keyed'))).rejects.toThrow(/has no primary key: the hybrid strategy needs one/);
  });

  it('--max-chunks 2 with pages of 10,000 extracts exactly 20,000 rows', async () => {
    await db.exec('CREATE TABLE big (id INT PRIMARY KEY, updated_at DATETIME NOT NULL)');
    const rows = Array.from({ length: 25_000 }, (_, i) => [i + 1, '2025-01-01 00:00:00']);
    await db.insert('big', ['id', 'updated_at'], rows);
    const r = await extractor.run(fx.request('big', { batchSize: 10_000, maxChunks: 2 }));
    expect(r.rows).toBe(20_000);
    // A first run reads in key order (ADR 0050): cut short, it leaves the key scan's place.
    const ceiling = '2025-01-01 00:00:00.000000';
    expect(r.cursor).toEqual({ timestamp: null, primaryKey: ['20000'], keyScan: { ceiling } });
    const rest = await extractor.run(fx.request('big', { batchSize: 10_000 }));
    expect(rest.rows).toBe(5_000);
    expect(rest.cursor).toEqual({ timestamp: ceiling, primaryKey: ['25000'] });
  });

  it('misses no row version while a writer inserts and updates during the run', async () => {
    await db.exec('CREATE TABLE busy (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, v INT NOT NULL)');
    await db.insert('busy', ['id', 'updated_at', 'v'], Array.from({ length: 3000 }, (_, i) => [i + 1, utcNow(-100), 0]));
    const writer = await MysqlFixture.create('tm_cdc_writer');
    let writing = true;
    let version = 0;
    const writes = (async () => {
      while (writing && version < 400) {
        version++;
        await writer.exec(`UPDATE \`${db.database}\`.busy SET v = ?, updated_at = UTC_TIMESTAMP(6) WHERE id = ?`, [version, 1 + ((version * 37) % 3000)]);
        await writer.exec(`INSERT INTO \`${db.database}\`.busy VALUES (?, UTC_TIMESTAMP(6), ?)`, [10_000 + version, version]);
      }
    })();
    const slow = fx.extractor();
    await slow.run(fx.request('busy', { batchSize: 200 }));
    writing = false;
    await writes;
    await writer.drop();
    const [{ newest }] = await db.rows<{ newest: string }>('SELECT MAX(updated_at) AS newest FROM busy');
    await runsUntilPast(canonicalTimestamp(newest), async () => {
      const { cursor, warnings } = await slow.run(fx.request('busy', { batchSize: 200 }));
      return { cursor: cursor.timestamp, warnings };
    });
    // Every row as it is now must be in the files (the newest version of each key wins on load).
    const inFiles = new Set((await fx.readParquet('busy')).map((r) => `${r[0]}:${r[2]}`));
    const now = await db.rows<{ id: number; v: number }>('SELECT id, v FROM busy');
    const missing = now.filter((r) => !inFiles.has(`${r.id}:${r.v}`));
    expect(version).toBeGreaterThan(0);
    expect(missing).toEqual([]);
  });
});
