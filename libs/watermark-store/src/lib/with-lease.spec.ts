import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { makeTempDir } from '@tidemark/testing';
import { LEASE_STUCK_SECONDS, leaseStuckSeconds, withLease } from '@tidemark/watermark-model';
import { openWatermarkDataSource } from './create-data-source';
import { WatermarkStore } from './watermark-store';

/** withLease on a real (SQLite) store: renewal follows the work's progress. */
describe('withLease renews while the work moves, and stops once it is stuck', () => {
  const TTL = 3;
  const STUCK = 1;
  let dir: ReturnType<typeof makeTempDir>;
  let dataSource: DataSource;
  let store: WatermarkStore;

  beforeAll(async () => {
    dir = makeTempDir('timeouts-lease-');
    dataSource = await openWatermarkDataSource({ type: 'sqlite', path: join(dir.path, 'wm.sqlite') });
    store = new WatermarkStore(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    dir?.remove();
  });

  /** Whether another holder gets the lease now (and gives it straight back). */
  async function othersCanTake(table: string): Promise<boolean> {
    try {
      const lease = await store.acquireLease({ pipeline: 'p', table, stage: 'extract', holder: 'other', ttlSeconds: TTL });
      await store.releaseLease(lease);
      return true;
    } catch (error) {
      expect((error as Error).message).toMatch(/is leased by worker/);
      return false;
    }
  }

  /** `work` under the lease of `table`, held by "worker". */
  const leased = <T>(table: string, work: (progress: () => void) => Promise<T>) =>
    withLease(store, { pipeline: 'p', table }, 'extract', 'worker', (_token, progress) => work(progress), {
      ttlSeconds: TTL,
      stuckSeconds: STUCK,
    });

  it('keeps the lease past its TTL while the work signals progress', async () => {
    const table = 'db.moving';
    const taken = await leased(table, async (progress) => {
      for (let i = 0; i < 20; i++) {
        progress();
        await sleep(250);
      }
      return othersCanTake(table);
    });
    expect(taken).toBe(false);
    // Released at the end.
    expect(await othersCanTake(table)).toBe(true);
  });

  it('lets the lease expire once the work shows no progress for the stuck time', async () => {
    const table = 'db.stuck';
    const taken = await leased(table, async (progress) => {
      progress();
      // Stuck: nothing signalled for longer than STUCK + TTL.
      await sleep((STUCK + TTL + 1.5) * 1000);
      return othersCanTake(table);
    });
    expect(taken).toBe(true);
  });

  it('never lets the stuck time fall below twice the longest wait a live step may have', () => {
    expect(leaseStuckSeconds(310)).toBe(LEASE_STUCK_SECONDS);
    expect(leaseStuckSeconds(3610)).toBe(7220);
  });
});
