import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { makeTempDir } from '@tidemark/testing';
import { withLease } from '@tidemark/watermark-model';
import { openWatermarkDataSource } from './create-data-source';
import { WatermarkStore } from './watermark-store';

/**
 * A rerun after a crash takes the dead holder's lease over through the store
 * (real SQLite store): only a holder the requester names, still the holder,
 * and on the requester's own host.
 */
describe('taking over the lease of a dead holder', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let dataSource: DataSource;
  let store: WatermarkStore;

  beforeAll(async () => {
    dir = makeTempDir('lease-takeover-');
    dataSource = await openWatermarkDataSource({ type: 'sqlite', path: join(dir.path, 'wm.sqlite') });
    store = new WatermarkStore(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    dir?.remove();
  });

  const request = (table: string, holder: string, takeOverFrom?: string) =>
    ({ pipeline: 'p', table, stage: 'load', holder, ttlSeconds: 60, takeOverFrom }) as const;

  it('grants the lease over a dead holder of the same host, with the next fencing token', async () => {
    const dead = await store.acquireLease(request('db.a', 'host-1:100'));
    const taken = await store.acquireLease(request('db.a', 'host-1:200', 'host-1:100'));
    expect(taken.holder).toBe('host-1:200');
    expect(taken.token).toBe(dead.token + 1);
    // The dead holder's token is stale: it can neither renew nor commit.
    await expect(store.renewLease(dead, 60)).rejects.toThrow(/fencing token 1 .* is stale/);
  });

  it('never displaces a holder on another host, even when named', async () => {
    await store.acquireLease(request('db.b', 'host-2:100'));
    await expect(store.acquireLease(request('db.b', 'host-1:200', 'host-2:100'))).rejects.toThrow(
      /db\.b \(load\) is leased by host-2:100/,
    );
  });

  it('refuses when the named holder is no longer the one that holds the lease', async () => {
    await store.acquireLease(request('db.c', 'host-1:100'));
    // Another rerun took it over first.
    await store.acquireLease(request('db.c', 'host-1:300', 'host-1:100'));
    await expect(store.acquireLease(request('db.c', 'host-1:200', 'host-1:100'))).rejects.toThrow(
      /is leased by host-1:300/,
    );
  });

  it('withLease takes over a holder found dead, and says how long a live one keeps the table', async () => {
    await store.acquireLease(request('db.d', 'host-1:100'));
    const token = await withLease(store, { pipeline: 'p', table: 'db.d' }, 'load', 'host-1:200', async (t) => t, {
      isDeadHolder: (holder) => holder === 'host-1:100',
    });
    expect(token).toBe(2);

    await store.acquireLease(request('db.e', 'host-1:100'));
    await expect(
      withLease(store, { pipeline: 'p', table: 'db.e' }, 'load', 'host-1:200', async () => 'ran', {
        isDeadHolder: () => false,
      }),
    ).rejects.toThrow(/is leased by host-1:100 until \S+ \(free in (59|60) s at most: a holder not known to be dead/);
  });
});
