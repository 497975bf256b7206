import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { makeTempDir, waitUntil } from '@tidemark/testing';
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

  const leasedSignal = <T>(table: string, work: (progress: () => void, signal: AbortSignal) => Promise<T>) =>
    withLease(store, { pipeline: 'p', table }, 'extract', 'worker', (_token, progress, signal) => work(progress, signal), {
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

  it('lets the lease expire once the work shows no progress for the stuck time, and tells the work', async () => {
    const table = 'db.stuck';
    const { taken, reason } = await withLease(
      store,
      { pipeline: 'p', table },
      'extract',
      'worker',
      async (_token, progress, signal) => {
        progress();
        // Stuck: nothing signalled for longer than STUCK + TTL.
        await sleep((STUCK + TTL + 1.5) * 1000);
        return { taken: await othersCanTake(table), reason: (signal.reason as Error | undefined)?.message };
      },
      { ttlSeconds: TTL, stuckSeconds: STUCK },
    );
    expect(taken).toBe(true);
    expect(reason).toMatch(
      /^lease lost: the extract lease of db\.stuck of pipeline p \(token \d+\) was no longer renewed: the work showed no progress for 1 s; nothing was committed$/,
    );
  });

  it('aborts the work when a renewal is refused because the lease went to a newer token', async () => {
    const table = 'db.taken';
    const { aborted, reason } = await withLease(
      store,
      { pipeline: 'p', table },
      'load',
      'worker',
      async (token, progress, signal) => {
        // The same holder asking again gets a newer token: this run's lease is stale from now on.
        const newer = await store.acquireLease({ pipeline: 'p', table, stage: 'load', holder: 'worker', ttlSeconds: TTL });
        expect(newer.token).toBe(token + 1);
        const aborted = await waitUntil(() => {
          progress();
          return signal.aborted;
        }, TTL * 2000);
        return { aborted, reason: (signal.reason as Error | undefined)?.message };
      },
      { ttlSeconds: TTL, stuckSeconds: 60 },
    );
    expect(aborted).toBe(true);
    expect(reason).toMatch(
      /^lease lost: the load lease of db\.taken of pipeline p \(token \d+\) could not be renewed \(fencing token \d+ for p\/db\.taken \(load\) is stale: the current token is \d+\); nothing was committed$/,
    );
  });

  it('leaves the signal alone while renewals succeed', async () => {
    const aborted = await leasedSignal('db.renewed', async (progress, signal) => {
      for (let i = 0; i < 12; i++) {
        progress();
        await sleep(250);
      }
      return signal.aborted;
    });
    expect(aborted).toBe(false);
  });

  it('never lets the stuck time fall below twice the longest wait a live step may have', () => {
    expect(leaseStuckSeconds(310)).toBe(LEASE_STUCK_SECONDS);
    expect(leaseStuckSeconds(3610)).toBe(7220);
  });
});
