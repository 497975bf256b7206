import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { deadRunDirectory } from '@tidemark/testing';
import { ExtractorFixture } from '../test/extractor.fixture';

/** The scratch directory of an extract: made only by a run that reads rows (real MariaDB, real DuckDB). */
describe('work directory of an extract run', () => {
  let fx: ExtractorFixture;
  let root: string;

  beforeAll(async () => {
    fx = await ExtractorFixture.create('h_start2_workdir');
    root = join(fx.dir.path, 'work');
    await fx.db.exec('CREATE TABLE t (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL)');
    await fx.db.exec("INSERT INTO t VALUES (1, '2025-01-01 00:00:01'), (2, '2025-01-01 00:00:02')");
  });
  afterAll(() => fx?.close());

  it('a run that reads rows clears dead runs’ directories and removes its own', async () => {
    const dead = deadRunDirectory(root);
    const result = await fx.extractor().run(fx.request('t'));
    expect(result.rows).toBe(2);
    expect(existsSync(dead)).toBe(false);
    expect(readdirSync(root)).toEqual([]);
  });

  it('a run that finds nothing new touches no directory', async () => {
    const dead = deadRunDirectory(root);
    const result = await fx.extractor().run(fx.request('t'));
    expect(result.rows).toBe(0);
    // Left for the next run that writes: this one never looked.
    expect(readdirSync(root)).toEqual(['dead-run']);
    expect(existsSync(dead)).toBe(true);
  });
});
