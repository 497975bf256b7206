import { WatermarkPort } from '@tidemark/watermark-model';
import { ExtractorFixture } from '../test/extractor.fixture';

/**
 * How an extract run ends its lease (ADR 0047): a snapshot's one commit
 * releases it and marks the run succeeded in the same store transaction;
 * an incremental run still ends with its own success mark and release.
 */
describe('an extract run ends its lease (real MariaDB, SQLite store)', () => {
  let fx: ExtractorFixture;
  let calls: string[];
  let port: WatermarkPort;

  beforeAll(async () => {
    fx = await ExtractorFixture.create('tm_ending');
    // The store itself, recording which of its calls the extractor makes.
    port = new Proxy(fx.watermarks, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls.push(String(prop));
          return value.apply(target, args);
        };
      },
    });
    await fx.db.exec('CREATE TABLE dim (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL)');
    await fx.db.exec("INSERT INTO dim VALUES (1, '2025-01-01 00:00:01'), (2, '2025-01-01 00:00:02')");
  });
  beforeEach(() => (calls = []));
  afterAll(() => fx?.close());

  const id = () => ({ pipeline: 'p', table: `${fx.db.database}.dim` });

  it('a full_sync run: its one commit releases the lease and marks the run succeeded; no separate success mark or release', async () => {
    const run = await fx.extractor(undefined, undefined, port).run(fx.request('dim', { strategy: 'full_sync' }));
    expect(run.rows).toBe(2);
    expect(calls.filter((c) => c !== 'get' && c !== 'defaultStart')).toEqual([
      'acquireLease',
      'markExtractStarted',
      'commitExtract',
    ]);
    const w = await fx.watermarks.get(id());
    expect(w?.extract.status).toBe('success');
    expect(w?.metadata['futureRows']).toBe(0);
    expect(await fx.watermarks.leaseHolder(id(), 'extract')).toBeNull();
  });

  it('an incremental run ends as before: its commits, then the success mark and the release', async () => {
    await fx.db.exec("INSERT INTO dim VALUES (3, '2025-01-01 00:00:03')");
    const run = await fx.extractor(undefined, undefined, port).run(fx.request('dim'));
    expect(run.rows).toBeGreaterThan(0);
    expect(calls.filter((c) => c !== 'get' && c !== 'defaultStart').slice(-2)).toEqual([
      'markExtractSucceeded',
      'releaseLease',
    ]);
    expect(calls).toContain('commitExtract');
    expect(await fx.watermarks.leaseHolder(id(), 'extract')).toBeNull();
  });
});
