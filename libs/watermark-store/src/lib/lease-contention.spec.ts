import { DataSource } from 'typeorm';
import { LeaseEntity } from './entities/lease.entity';
import { LeaseEventEntity } from './entities/lease-event.entity';
import { hashLeaseSecret } from './lease-secret';
import { openTestDataSource } from './test-data-source.fixture';
import { WatermarkStore } from './watermark-store';

/**
 * On PostgreSQL a lease call first tries one statement that changes the row
 * only if it is as read (decision 0039). Callers racing for the same lease
 * must still see exactly what the locked path gives: one winner per grant,
 * tokens that only grow and never repeat, one event per change.
 */
describe.each(['sqlite', 'postgres'] as const)('leases under contention on %s', (kind) => {
  let dataSource: DataSource;
  let store: WatermarkStore;
  let cleanup: () => Promise<void>;
  const at = { pipeline: 'p', table: 'shop.raced', stage: 'extract' as const };
  const row = () =>
    dataSource
      .getRepository(LeaseEntity)
      .findOneByOrFail({ pipeline: at.pipeline, tableKey: at.table, stage: at.stage });
  const events = () =>
    dataSource
      .getRepository(LeaseEventEntity)
      .find({ where: { pipeline: at.pipeline, tableKey: at.table }, order: { id: 'ASC' } });

  beforeAll(async () => {
    ({ dataSource, cleanup } = await openTestDataSource(kind));
    store = new WatermarkStore(dataSource);
    await store.releaseLease(await store.acquireLease({ ...at, holder: 'seed', ttlSeconds: 60 }));
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await cleanup?.();
  });

  it('grants a free lease to exactly one of twenty holders asking at once', async () => {
    const before = await row();
    const eventsBefore = (await events()).length;
    const asks = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => store.acquireLease({ ...at, holder: `host:${i}`, ttlSeconds: 60 })),
    );
    const granted = asks.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : []));
    const refused = asks.flatMap((a) =>
      a.status === 'rejected' ? [a.reason as { code: string; message: string }] : [],
    );
    expect(granted).toHaveLength(1);
    expect(granted[0].token).toBe(before.token + 1);
    expect(refused).toHaveLength(19);
    for (const r of refused)
      expect(r).toMatchObject({
        code: 'CONFLICT',
        message: expect.stringContaining(`is leased by ${granted[0].holder}`),
      });
    expect(await row()).toMatchObject({ holder: granted[0].holder, token: before.token + 1 });
    const added = (await events()).slice(eventsBefore);
    expect(added.map((e) => [e.event, e.holder, e.token])).toEqual([['granted', granted[0].holder, before.token + 1]]);
    await store.releaseLease(granted[0]);
  });

  it('gives one holder asking ten times at once ten different tokens, each recorded once, the last one current', async () => {
    const before = await row();
    const eventsBefore = (await events()).length;
    const leases = await Promise.all(
      Array.from({ length: 10 }, () => store.acquireLease({ ...at, holder: 'host:a', ttlSeconds: 60 })),
    );
    const byToken = [...leases].sort((a, b) => a.token - b.token);
    const tokens = byToken.map((l) => l.token);
    expect(tokens).toEqual(Array.from({ length: 10 }, (_, i) => before.token + 1 + i));
    const added = (await events()).slice(eventsBefore);
    expect(added.map((e) => e.token)).toEqual(tokens);
    expect(added.map((e) => e.event)).toEqual(['granted', ...Array(9).fill('regranted')]);
    const [older, newest] = byToken.slice(-2);
    expect((await row()).secretHash).toBe(hashLeaseSecret(newest.secret));
    // Only the newest token (with its own secret) releases; an older one is stale and changes nothing.
    const held = await row();
    await expect(store.releaseLease(older)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('is stale'),
    });
    await expect(store.releaseLease({ ...newest, secret: older.secret })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await row()).toEqual(held);
    await store.releaseLease(newest);
    expect(await store.leaseHolder(at, 'extract')).toBeNull();
  });

  it('renews and releases at once from one holder: each recorded once, the lease released at the end', async () => {
    const lease = await store.acquireLease({ ...at, holder: 'host:b', ttlSeconds: 60 });
    const eventsBefore = (await events()).length;
    await Promise.all(Array.from({ length: 5 }, () => store.renewLease(lease, 600)));
    await store.releaseLease(lease);
    const added = (await events()).slice(eventsBefore);
    expect(added.map((e) => [e.event, e.holder, e.token])).toEqual([
      ...Array(5).fill(['renewed', 'host:b', lease.token]),
      ['released', 'host:b', lease.token],
    ]);
    expect(await store.leaseHolder(at, 'extract')).toBeNull();
  });
});
