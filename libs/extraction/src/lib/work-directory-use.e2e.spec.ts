import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { MysqlSource } from '@tidemark/source';
import { deadRunDirectory } from '@tidemark/testing';
import { ExtractorFixture } from '../test/extractor.fixture';

/**
 * The real source, whose first page query is sent only once `ready()` holds or a
 * second has passed: what `ready()` said then is kept in `sawReady`.
 */
function firstPageWaitsFor(source: MysqlSource, ready: () => boolean) {
  const seen: { sawReady?: boolean } = {};
  const wrapped = new Proxy(source, {
    get(target, name, receiver) {
      if (name !== 'streamRaw' && name !== 'stream') return Reflect.get(target, name, receiver);
      return (query: Parameters<MysqlSource['streamRaw']>[0]): Readable => {
        if (seen.sawReady !== undefined) return target[name](query);
        const rows = new PassThrough({ objectMode: true });
        void (async () => {
          for (let waited = 0; !ready() && waited < 1000; waited += 10) await sleep(10);
          seen.sawReady = ready();
          await pipeline(target[name](query), rows);
        })().catch((error: Error) => rows.destroy(error));
        return rows;
      };
    },
  });
  return { source: wrapped, seen };
}

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

  it('a run whose newest row is past its cursor makes its directory before its first page is read, so DuckDB opens meanwhile (ADR 0055)', async () => {
    await fx.db.exec("INSERT INTO t VALUES (3, '2025-01-01 00:00:03')");
    const { source, seen } = firstPageWaitsFor(fx.source, () => readdirSync(root).some((name) => name !== 'dead-run'));
    const result = await fx.extractor(undefined, undefined, undefined, source).run(fx.request('t'));
    expect(result.rows).toBe(1);
    expect(seen.sawReady).toBe(true);
    expect(readdirSync(root)).toEqual([]);
  });
});
