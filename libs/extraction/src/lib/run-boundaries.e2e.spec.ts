import { join } from 'node:path';
import { LocalDirectoryStore } from '@tidemark/object-store';
import { MysqlFixture } from '@tidemark/testing';
import { Manifest, WatermarkPort } from '@tidemark/watermark-model';
import { ExtractorFixture } from '../test/extractor.fixture';
import { TableExtractor } from './table-extractor';

/**
 * Where a run may commit or stop. A commit is a point the next run resumes
 * from, after any failure: timestamp_only resumes after a timestamp, so it
 * may commit only between two. A full_sync snapshot replaces the target, so
 * it is never cut short.
 */
describe('run boundaries on real MariaDB', () => {
  let fx: ExtractorFixture;
  let db: MysqlFixture;

  beforeAll(async () => {
    fx = await ExtractorFixture.create('tm_bounds');
    db = fx.db;
  });
  afterAll(() => fx?.close());

  const pending = (table: string): Promise<Manifest[]> => fx.watermarks.pendingManifests({ pipeline: 'p', table: `${db.database}.${table}` });

  /** The fixture's store, whose extract commits fail after the first (a watermark service gone away). */
  const failingAfterFirstCommit = (): WatermarkPort => {
    let commits = 0;
    return new Proxy(fx.watermarks, {
      get(target, prop) {
        if (prop === 'commitExtract') {
          return (commit: Parameters<WatermarkPort['commitExtract']>[0]) => {
            if (++commits > 1) return Promise.reject(new Error('watermark store unreachable'));
            return target.commitExtract(commit);
          };
        }
        const value = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  };

  it('timestamp_only commits files only between two timestamps, so a run failing after a commit loses no row of a tie', async () => {
    await db.exec('CREATE TABLE ties (id INT, updated_at DATETIME(6) NOT NULL, body VARCHAR(100))');
    for (let i = 1; i <= 9; i++) {
      await db.exec('INSERT INTO ties VALUES (?, ?, ?)', [i, `2025-01-01 00:00:0${Math.ceil(i / 3)}`, 'x'.repeat(100)]);
    }
    const request = fx.request('ties', { strategy: 'timestamp_only' });
    // Files of a few bytes: without the tie rule, every row would be a file and a commit.
    const failing = new TableExtractor({
      source: fx.source,
      store: new LocalDirectoryStore(join(fx.dir.path, 'objects')),
      watermarks: failingAfterFirstCommit(),
      settings: { targetFileBytes: 16, rowGroupRows: 1000, workDirectory: join(fx.dir.path, 'work') },
      holder: 'boundaries-spec',
    });
    await expect(failing.run(request)).rejects.toThrow('watermark store unreachable');
    await fx.extractor(16).run(request);

    const manifests = await pending('ties');
    // One file per timestamp: the first run's commit, then the re-run's two.
    expect(manifests.map((m) => m.rowCount)).toEqual([3, 3, 3]);
    expect(manifests.map((m) => [m.minCursor.timestamp, m.maxCursor.timestamp])).toEqual(
      [1, 2, 3].map((s) => [`2025-01-01 00:00:0${s}.000000`, `2025-01-01 00:00:0${s}.000000`]),
    );
  });

  it.each([
    ['--limit', { limitRows: 3 }],
    ['--max-chunks', { maxChunks: 1 }],
  ])('a full_sync snapshot holds the whole table under %s', async (_flag, limits) => {
    const table = `dim_${Object.keys(limits)[0].toLowerCase()}`;
    await db.exec(`CREATE TABLE ${table} (id INT PRIMARY KEY, v VARCHAR(10))`);
    await db.exec(`INSERT INTO ${table} SELECT seq, CONCAT('v', seq) FROM seq_1_to_10`);
    const result = await fx.extractor().run(fx.request(table, { strategy: 'full_sync', batchSize: 2, ...limits }));
    expect(result.rows).toBe(10);
    const [snapshot] = await pending(table);
    expect(snapshot.rowCount).toBe(10);
  });
});
