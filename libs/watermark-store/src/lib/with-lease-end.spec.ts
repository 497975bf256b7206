import { LeaseStage, WatermarkPort, withLease } from '@tidemark/watermark-model';
import { storeForSuite } from './test-data-source.fixture';
import { WatermarkStore } from './watermark-store';

/** withLease's LeaseEnd on a real (SQLite) store: the work's last commit releases the lease. */
describe('withLease: the work ends its lease with its last commit', () => {
  const suite = storeForSuite('sqlite');
  const store = () => suite.store;
  /** The store, counting the separate releases withLease sends. */
  let port: WatermarkPort;
  let releases: number;

  beforeAll(() => {
    port = new Proxy(store(), {
      get(target, prop, receiver) {
        if (prop === 'releaseLease')
          return (...args: Parameters<WatermarkStore['releaseLease']>) => (releases++, target.releaseLease(...args));
        return Reflect.get(target, prop, receiver);
      },
    });
  });

  beforeEach(() => (releases = 0));

  const stage: LeaseStage = 'load';

  /** Whether another holder gets the lease now (it keeps it). */
  async function otherTakes(table: string): Promise<boolean> {
    try {
      await store().acquireLease({ pipeline: 'p', table, stage, holder: 'other', ttlSeconds: 600 });
      return true;
    } catch (error) {
      expect((error as Error).message).toMatch(/is leased by worker/);
      return false;
    }
  }

  it('a commit through end.commit frees the lease before the work ends, and no separate release is sent', async () => {
    const table = 'db.ended';
    const takenAfterCommit = await withLease(
      port,
      { pipeline: 'p', table },
      stage,
      'worker',
      async (token, _p, _s, end) => {
        await end.commit((release) =>
          store().commitLoad({ pipeline: 'p', table, manifestIds: [], fencingToken: token, release }),
        );
        expect(end.released).toBe(true);
        return otherTakes(table);
      },
    );
    expect(takenAfterCommit).toBe(true);
    expect(releases).toBe(0);
    expect(await store().leaseHolder({ pipeline: 'p', table }, stage)).toMatchObject({ holder: 'other' });
  });

  it('a commit through end.commit that fails keeps the lease while the work runs; it is released at the end as before', async () => {
    const table = 'db.failed';
    const takenAfterFailure = await withLease(
      port,
      { pipeline: 'p', table },
      stage,
      'worker',
      async (token, _p, _s, end) => {
        await expect(
          end.commit((release) =>
            store().commitLoad({
              pipeline: 'p',
              table,
              manifestIds: ['never-registered'],
              fencingToken: token,
              release,
            }),
          ),
        ).rejects.toMatchObject({ code: 'CONFLICT' });
        expect(end.released).toBe(false);
        return otherTakes(table);
      },
    );
    expect(takenAfterFailure).toBe(false);
    expect(releases).toBe(1);
    expect(await otherTakes(table)).toBe(true);
  });
});
