import { MysqlFixture } from '@tidemark/testing';
import { ExtractorFixture } from '../test/extractor.fixture';

const utcNow = (offsetSeconds = 0) =>
  new Date(Date.now() + offsetSeconds * 1000).toISOString().replace('T', ' ').replace('Z', '');
const at = (second: number) => `2025-01-01 00:00:${String(second).padStart(2, '0')}`;

/** ADR 0050: a hybrid table's first run reads in primary-key order, and ends where the cursor order would. */
describe('a first run in key order, on real MariaDB', () => {
  let fx: ExtractorFixture;
  let db: MysqlFixture;

  beforeAll(async () => {
    fx = await ExtractorFixture.create('tm_keyscan');
    db = fx.db;
  });
  afterAll(() => fx?.close());

  /** The ids of each committed manifest's files, in commit order. */
  async function idsByManifest(table: string): Promise<number[][]> {
    const manifests = await fx.watermarks.pendingManifests({ pipeline: 'p', table: `${db.database}.${table}` });
    const ids: number[][] = [];
    for (const m of manifests) {
      const values = await Promise.all(m.files.map((f) => fx.distinctValues(f.key, 'id')));
      ids.push(
        values
          .flat()
          .map(Number)
          .sort((a, b) => a - b),
      );
    }
    return ids;
  }

  it('commits file by file in key order, then leaves the cursor the cursor order would have left', async () => {
    await db.exec('CREATE TABLE o (id INT PRIMARY KEY, updated_at DATETIME NOT NULL, KEY by_cursor (updated_at, id))');
    // Cursor order is the reverse of key order, and three rows share the newest time.
    const rows = Array.from({ length: 12 }, (_, i) => [i + 1, at([1, 5, 8].includes(i + 1) ? 30 : 12 - i)]);
    await db.insert('o', ['id', 'updated_at'], rows);
    const extractor = fx.extractor(1);

    const plan = await extractor.describe(fx.request('o', { batchSize: 4 }));
    expect(plan.firstPage.sql).toContain('FROM `' + db.database + '`.`o` FORCE INDEX (PRIMARY) WHERE `updated_at` <= ');
    expect(plan.firstPage.sql).toMatch(/ORDER BY `id` LIMIT \?$/);

    const result = await extractor.run(fx.request('o', { batchSize: 4 }));
    expect(result.rows).toBe(12);
    expect(result.cursor).toEqual({ timestamp: `${at(30)}.000000`, primaryKey: ['8'] });

    const manifests = await fx.watermarks.pendingManifests({ pipeline: 'p', table: `${db.database}.o` });
    expect(manifests.length).toBeGreaterThan(2);
    const during = manifests.slice(0, -1).map((m) => m.maxCursor);
    for (const cursor of during) {
      expect(cursor).toEqual({
        timestamp: null,
        primaryKey: [expect.any(String)],
        keyScan: { ceiling: `${at(30)}.000000` },
      });
    }
    expect(manifests.at(-1)?.maxCursor).toEqual(result.cursor);
    // Concatenated in commit order, the files hold every key once, ascending.
    expect((await idsByManifest('o')).flat()).toEqual(rows.map((r) => r[0]));

    const next = await extractor.run(fx.request('o', { batchSize: 4 }));
    expect(next.rows).toBe(0);
  });

  it('reads the last minute after the scan, in cursor order, newest last', async () => {
    await db.exec('CREATE TABLE fresh (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL)');
    await db.insert(
      'fresh',
      ['id', 'updated_at'],
      [
        [1, utcNow(-50)],
        [2, at(1)],
        [3, utcNow(-55)],
        [4, at(2)],
      ],
    );
    const result = await fx.extractor(1).run(fx.request('fresh', { batchSize: 10 }));
    expect(result.rows).toBe(4);
    // Older than a minute: in key order; the rest after them, oldest first (KEY_SCAN_RECENT_SECONDS).
    expect((await idsByManifest('fresh')).flat()).toEqual([2, 4, 3, 1]);
    expect(result.cursor).toMatchObject({ primaryKey: ['1'] });
    expect(result.cursor.keyScan).toBeUndefined();
  });

  it('resumes a scan cut short after its last key, then reads on in cursor order, and misses no row version', async () => {
    await db.exec('CREATE TABLE busy (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, v INT NOT NULL)');
    await db.insert(
      'busy',
      ['id', 'updated_at', 'v'],
      Array.from({ length: 100 }, (_, i) => [i + 1, utcNow(-300 + i), 0]),
    );
    const extractor = fx.extractor(1 << 12);
    const cut = await extractor.run(fx.request('busy', { batchSize: 10, limitRows: 30 }));
    expect(cut.rows).toBe(30);
    expect(cut.cursor).toMatchObject({ timestamp: null, primaryKey: ['30'] });
    const ceiling = cut.cursor.keyScan?.ceiling;
    expect(ceiling).toBeDefined();

    // Between the runs: a row already read changes, a row not read yet changes, a row is added.
    await db.exec('UPDATE busy SET v = 1, updated_at = UTC_TIMESTAMP(6) WHERE id IN (10, 70)');
    await db.exec('INSERT INTO busy VALUES (200, UTC_TIMESTAMP(6), 1)');

    const resumed = await extractor.run(fx.request('busy', { batchSize: 10 }));
    // The scan goes on after key 30, up to its first ceiling; then, in cursor order up to this run's
    // own ceiling, the rows changed meanwhile: of the keys already read, only the changed one again.
    const resumedIds = (await fx.readParquet('busy', resumed.runId)).map((r) => Number(r[0]));
    expect(resumedIds.filter((id) => id <= 30)).toEqual(resumedIds.includes(10) ? [10] : []);
    const unchanged = Array.from({ length: 70 }, (_, i) => 31 + i).filter((id) => id !== 70);
    expect(resumedIds.filter((id) => id > 30 && id <= 100 && id !== 70).sort((a, b) => a - b)).toEqual(unchanged);
    expect(resumed.cursor.keyScan).toBeUndefined();
    expect(resumed.cursor.timestamp! >= ceiling!).toBe(true);

    // Whatever the safe ceiling held back is read by the next run.
    await extractor.run(fx.request('busy', { batchSize: 10 }));
    const inFiles = new Set((await fx.readParquet('busy')).map((r) => `${r[0]}:${r[2]}`));
    const now = await db.rows<{ id: number; v: number }>('SELECT id, v FROM busy');
    expect(now.filter((r) => !inFiles.has(`${r.id}:${r.v}`))).toEqual([]);
  });

  it('reads in cursor order when the key comes from the pipeline config', async () => {
    await db.exec('CREATE TABLE nokey (id INT NOT NULL, updated_at DATETIME NOT NULL, UNIQUE KEY (id))');
    await db.insert(
      'nokey',
      ['id', 'updated_at'],
      [
        [1, at(9)],
        [2, at(8)],
        [3, at(7)],
      ],
    );
    const result = await fx.extractor().run(fx.request('nokey', { keyColumns: ['id'], limitRows: 2 }));
    expect(result.cursor).toEqual({ timestamp: `${at(8)}.000000`, primaryKey: ['2'] });
  });
});
