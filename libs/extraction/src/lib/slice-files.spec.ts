import { randomBytes } from 'node:crypto';
import { Manifest } from '@tidemark/watermark-model';
import { ExtractorFixture } from '../test/extractor.fixture';

/** Random hex compresses about 2:1, so the files come out a few MiB each, as real ones would. */
const ROWS = 24_000;

describe('a flush written as a multiple of the Redshift slices (real MariaDB, real Parquet files)', () => {
  let fx: ExtractorFixture;

  beforeAll(async () => {
    fx = await ExtractorFixture.create('tm_slices');
    await fx.db.exec('CREATE TABLE wide (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, body VARCHAR(1000) NOT NULL)');
    const rows = Array.from({ length: ROWS }, (_, i) => [i + 1, `2025-03-01 00:00:${String(i % 60).padStart(2, '0')}`, randomBytes(400).toString('hex')]);
    await fx.db.insert('wide', ['id', 'updated_at', 'body'], rows, 2000);
    await fx.db.exec('CREATE TABLE few (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, body VARCHAR(20))');
    await fx.db.insert('few', ['id', 'updated_at', 'body'], Array.from({ length: 50 }, (_, i) => [i + 1, '2025-03-01 00:00:00', `row ${i}`]));
  });

  afterAll(() => fx?.close());

  /** Extracts `table` in its own pipeline with `slices` and returns the run's one manifest. */
  const extract = async (table: string, pipeline: string, slices: number) => {
    const result = await fx.extractor(1 << 30, slices).run(fx.request(table, { pipeline, batchSize: 5000 }));
    const manifests: Manifest[] = await fx.watermarks.pendingManifests({ pipeline, table: `${fx.db.database}.${table}` });
    expect(manifests.map((m) => m.id)).toEqual(result.manifestIds);
    expect(manifests).toHaveLength(1);
    return { result, manifest: manifests[0] };
  };

  it('with 4 slices, one flush becomes 4 files of near-equal rows and size holding every row once', async () => {
    const { result, manifest } = await extract('wide', 'four', 4);
    expect(result.files).toBe(4);
    expect(manifest.files).toHaveLength(4);
    const rows = manifest.files.map((f) => f.rows);
    expect(rows.reduce((a, b) => a + b, 0)).toBe(manifest.rowCount);
    expect(manifest.rowCount).toBe(ROWS);
    expect(Math.max(...rows) - Math.min(...rows)).toBeLessThanOrEqual(1);
    expect(await fx.rowsPerFile(manifest.files.map((f) => f.key))).toEqual(rows);
    const bytes = manifest.files.map((f) => f.bytes);
    expect(Math.min(...bytes)).toBeGreaterThan(1024 * 1024);
    expect(Math.max(...bytes) / Math.min(...bytes)).toBeLessThan(1.05);

    const ids = (await fx.readParquet('wide', result.runId)).map((r) => Number(r[0])).sort((a, b) => a - b);
    expect(ids).toEqual(Array.from({ length: ROWS }, (_, i) => i + 1));
  });

  it('with 1 slice, the same flush stays one file', async () => {
    const { manifest } = await extract('wide', 'one', 1);
    expect(manifest.files).toHaveLength(1);
    expect(manifest.files[0].rows).toBe(ROWS);
    expect(await fx.rowsPerFile([manifest.files[0].key])).toEqual([ROWS]);
  });

  it('with 4 slices, a flush too small for 1 MiB files stays one file', async () => {
    const { manifest } = await extract('few', 'four-small', 4);
    expect(manifest.files.map((f) => f.rows)).toEqual([50]);
  });
});
