import { DataSource } from 'typeorm';
import { TableId } from '@tidemark/watermark-model';
import { manifest } from './sample-manifest.fixture';
import { openTestDataSource } from './test-data-source.fixture';
import { WatermarkStore } from './watermark-store';

describe.each(['sqlite', 'postgres'] as const)('resync on %s', (kind) => {
  let dataSource: DataSource;
  let store: WatermarkStore;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ dataSource, cleanup } = await openTestDataSource(kind));
    store = new WatermarkStore(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await cleanup?.();
  });

  const orders = { pipeline: 'p', table: 'shop.orders' };
  const other = { pipeline: 'p', table: 'shop.other' };

  /** A table with one manifest of each state a resync supersedes: loaded, skipped and pending. */
  async function tableWithHistory(id: TableId): Promise<void> {
    const at = (day: number) => `2025-08-0${day} 00:00:00.000000`;
    await store.commitExtract({ ...id, manifest: manifest(`${id.table}-1`, at(1), 10, 2, id.table) });
    await store.commitLoad({ ...id, manifestIds: [`${id.table}-1`] });
    await store.commitExtract({ ...id, manifest: manifest(`${id.table}-2`, at(2), 20, 1, id.table) });
    await store.skipManifest(id, `${id.table}-2`, 'bad row', 'tester');
    await store.commitExtract({ ...id, manifest: manifest(`${id.table}-3`, at(3), 30, 1, id.table) });
  }

  /** Everything a refused resync must leave as it was. */
  const snapshot = async (id: TableId) => ({
    watermark: await store.get(id),
    manifests: await store.manifests(id),
    history: (await store.history(id)).length,
  });

  it('supersedes every pending, loaded and skipped manifest, resets both stages and asks for a rebuild, as one history entry', async () => {
    await tableWithHistory(orders);
    await tableWithHistory(other);
    const historyBefore = (await store.history(orders)).length;
    const otherBefore = await snapshot(other);

    const result = await store.resync(orders, 'cli:tester');

    expect(result.superseded).toEqual({ manifests: 3, rows: 60 });
    expect(result.before).toMatchObject({
      extract: { rowsExtracted: 60, filesCreated: 4, cursor: { timestamp: '2025-08-03 00:00:00.000000' } },
      load: { rowsLoaded: 10, manifestsLoaded: 1, rebuildPending: false },
      metadata: { skippedManifests: 1, skippedRows: 20 },
    });
    expect(result.after).toMatchObject({
      extract: { status: 'pending', rowsExtracted: 0, filesCreated: 0, cursor: { timestamp: null, primaryKey: null } },
      load: { status: 'pending', rowsLoaded: 0, manifestsLoaded: 0, rebuildPending: true },
      metadata: { skippedManifests: 0, skippedRows: 0 },
    });
    expect(await store.get(orders)).toEqual(result.after);
    expect((await store.manifests(orders)).map((m) => [m.id, m.status])).toEqual([
      ['shop.orders-1', 'superseded'],
      ['shop.orders-2', 'superseded'],
      ['shop.orders-3', 'superseded'],
    ]);
    expect(await store.pendingManifests(orders)).toEqual([]);

    const history = await store.history(orders);
    expect(history).toHaveLength(historyBefore + 1);
    expect(history.at(-1)).toMatchObject({ action: 'resync', actor: 'cli:tester', after: result.after });
    expect(history.at(-1)?.before).toEqual(result.before);
    // Counts restart: nothing extracted or loaded since the resync, and the check agrees.
    const counts = await store.validateCounts(orders);
    expect(counts.extractRows).toEqual({ recorded: 0, fromManifests: 0 });
    expect(counts.loadManifests).toEqual({ recorded: 0, fromManifests: 0 });
    expect(counts.countsSince).toEqual(result.after.metadata['countsSince']);
    expect(counts.countsSince).toEqual({ extract: expect.any(String), load: expect.any(String) });
    // Another table of the pipeline is not touched.
    expect(await snapshot(other)).toEqual(otherBefore);
  });

  it('lets the full extract after it start from the beginning, counted from 0', async () => {
    const w = await store.commitExtract({
      ...orders,
      manifest: manifest('shop.orders-4', '2025-07-01 00:00:00.000000', 7, 1),
    });
    expect(w.extract).toMatchObject({ rowsExtracted: 7, filesCreated: 1 });
    expect((await store.pendingManifests(orders)).map((m) => m.id)).toEqual(['shop.orders-4']);
    expect((await store.validateCounts(orders)).extractRows).toEqual({ recorded: 7, fromManifests: 7 });
  });

  it.each(['extract', 'load'] as const)(
    'is refused while a live holder leases the %s stage, and changes nothing',
    async (stage) => {
      const lease = await store.acquireLease({ ...other, stage, holder: 'worker-7', ttlSeconds: 60 });
      const before = await snapshot(other);
      await expect(store.resync(other, 'cli:tester')).rejects.toMatchObject({
        code: 'CONFLICT',
        message: expect.stringMatching(
          new RegExp(
            `^cannot resync p/shop.other: its ${stage} stage is leased by worker-7 until .*; let that run end`,
          ),
        ),
      });
      expect(await snapshot(other)).toEqual(before);
      await store.releaseLease(lease);
    },
  );

  it('fences out a holder whose lease expired: its commit after the resync is refused', async () => {
    const late = await store.acquireLease({ ...other, stage: 'extract', holder: 'paused-worker', ttlSeconds: 60 });
    // Its holder pauses past the lease's 60 s: a store whose clock is 2 minutes on sees it expired.
    const twoMinutesOn = new WatermarkStore(dataSource, () => Date.now() + 120_000);
    await twoMinutesOn.resync(other, 'cli:tester');
    await expect(
      store.commitExtract({
        ...other,
        manifest: manifest('shop.other-late', '2025-08-09 00:00:00.000000', 5, 1, 'shop.other'),
        fencingToken: late.token,
      }),
    ).rejects.toThrow(`fencing token ${late.token} for p/shop.other (extract) is stale`);
    expect(await store.pendingManifests(other)).toEqual([]);
  });
});
