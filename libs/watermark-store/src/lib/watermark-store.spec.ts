import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { manifest } from './sample-manifest.fixture';
import { openTestDataSource } from './test-data-source.fixture';
import { HistoryEntity } from './entities/history.entity';
import { LeaseEntity } from './entities/lease.entity';
import { ManifestEntity } from './entities/manifest.entity';
import { WatermarkStore } from './watermark-store';

const id = { pipeline: 'p', table: 'shop.orders' };

describe.each(['sqlite', 'postgres'] as const)('WatermarkStore on %s', (kind) => {
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

  it('has no watermark for a table never synced', async () => {
    expect(await store.get(id)).toBeNull();
  });

  const m1 = manifest('m1', '2025-08-01 10:00:00.123456', 100, 2);

  it('registers a manifest and advances the cursor in one commit', async () => {
    const w = await store.commitExtract({ ...id, manifest: m1 });
    expect(w.extract.cursor).toEqual({ timestamp: '2025-08-01 10:00:00.123456', primaryKey: ['9'] });
    expect(w.extract.rowsExtracted).toBe(100);
    expect(w.extract.filesCreated).toBe(2);
    expect((await store.pendingManifests(id)).map((m) => m.id)).toEqual(['m1']);
  });

  it('counts a retried commit of the same manifest once', async () => {
    const w = await store.commitExtract({ ...id, manifest: structuredClone(m1) });
    expect(w.extract.rowsExtracted).toBe(100);
    expect(w.extract.filesCreated).toBe(2);
  });

  it('refuses a commit of a registered manifest id with another body, and changes nothing', async () => {
    const before = await store.get(id);
    await expect(
      store.commitExtract({
        ...id,
        manifest: { ...m1, rowCount: 101, files: [...m1.files.slice(0, 1), { ...m1.files[1], rows: 51 }] },
      }),
    ).rejects.toThrow(
      'manifest m1 is already registered with another body (for p/shop.orders): a manifest id is committed once; give a changed manifest a new id',
    );
    await expect(store.commitExtract({ ...id, manifest: { ...m1, runId: 'other' } })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect(await store.get(id)).toEqual(before);
  });

  it('refuses a manifest that would move the cursor backwards, and changes nothing', async () => {
    await expect(
      store.commitExtract({ ...id, manifest: manifest('m0', '2025-08-01 10:00:00.123455', 5) }),
    ).rejects.toThrow('would move the cursor of p/shop.orders back from 2025-08-01 10:00:00.123456 to 2025-08-01 10:00:00.123455');
    const w = await store.get(id);
    expect(w?.extract.rowsExtracted).toBe(100);
    expect((await store.pendingManifests(id)).map((m) => m.id)).toEqual(['m1']);
  });

  it('marks manifests loaded once, however often the load is reported', async () => {
    await store.commitExtract({ ...id, manifest: manifest('m2', '2025-08-02 00:00:00.000000', 50) });
    const first = await store.commitLoad({ ...id, manifestIds: ['m1', 'm2'] });
    expect(first.load.rowsLoaded).toBe(150);
    expect(first.load.manifestsLoaded).toBe(2);
    const again = await store.commitLoad({ ...id, manifestIds: ['m1', 'm2'] });
    expect(again.load.rowsLoaded).toBe(150);
    expect(await store.pendingManifests(id)).toEqual([]);
  });

  it('asks for a rebuild at a load-stage reset: loaded manifests pending again, cleared only by a rebuilt commit', async () => {
    const table = { pipeline: 'p-rebuild', table: 'shop.rebuilt' };
    await store.commitExtract({ ...table, manifest: { ...manifest('r1', '2025-08-01 00:00:00.000000', 10), ...table } });
    await store.commitLoad({ ...table, manifestIds: ['r1'] });
    const reset = await store.reset(table, 'load', 'tester');
    expect(reset.load).toMatchObject({ rebuildPending: true, rowsLoaded: 0, manifestsLoaded: 0 });
    expect(reset.extract.rowsExtracted).toBe(10);
    expect((await store.pendingManifests(table)).map((m) => m.id)).toEqual(['r1']);
    const plain = await store.commitLoad({ ...table, manifestIds: [] });
    expect(plain.load.rebuildPending).toBe(true);
    const rebuilt = await store.commitLoad({ ...table, manifestIds: ['r1'], rebuilt: true });
    expect(rebuilt.load).toMatchObject({ rebuildPending: false, rowsLoaded: 10, manifestsLoaded: 1 });
    expect((await store.reset(table, 'extract', 'tester')).load.rebuildPending).toBe(false);
  });

  it('refuses to mark a manifest that was never registered', async () => {
    await expect(store.commitLoad({ ...id, manifestIds: ['nope'] })).rejects.toThrow('manifest nope is not registered for p/shop.orders');
  });

  it('keeps an append-only history with the state before and after', async () => {
    const history = await dataSource.getRepository(HistoryEntity).find({ where: { pipeline: 'p' }, order: { id: 'ASC' } });
    const actions = history.map((h) => h.action);
    expect(actions.filter((a) => a === 'extract-commit')).toHaveLength(3);
    expect(history[0].before).toBeNull();
    const second = history[1];
    expect(JSON.parse(second.before as string).extract.rowsExtracted).toBe(100);
  });

  it('refuses a manifest whose file key leaves the store', async () => {
    const m = manifest('m-escape', '2025-08-03 00:00:00.000000', 5);
    m.files[0].key = '../../etc/passwd';
    await expect(store.commitExtract({ ...id, manifest: m })).rejects.toThrow(
      'manifest m-escape is inconsistent: files[0].key "../../etc/passwd" is not an object key inside the store',
    );
    expect(await store.manifests(id)).toHaveLength(2);
  });

  it('refuses to hand out a manifest whose stored body was changed after registration', async () => {
    await store.commitExtract({ ...id, manifest: manifest('m3', '2025-08-03 00:00:00.000000', 5) });
    const repo = dataSource.getRepository(ManifestEntity);
    const original = (await repo.findOneByOrFail({ id: 'm3' })).body;
    const tampered = { ...JSON.parse(original), rowCount: 6, files: [{ ...JSON.parse(original).files[0], rows: 6 }] };
    for (const [body, why] of [
      ['{"id": "m3", "files": [', /its body is not valid JSON/],
      [JSON.stringify(tampered), /its body says rowCount 6 but it was registered with 5/],
    ] as const) {
      await repo.update({ id: 'm3' }, { body });
      await expect(store.pendingManifests(id)).rejects.toThrow(why);
      await expect(store.pendingManifests(id)).rejects.toThrow('manifest m3 of p/shop.orders is damaged in the watermark store: ');
    }
    await repo.update({ id: 'm3' }, { body: original });
    expect((await store.pendingManifests(id)).map((m) => m.id)).toEqual(['m3']);
  });

  it('takes hand-set key values only in the shape of the key columns', async () => {
    const before = await store.get(id);
    await expect(store.setCursor(id, { primaryKey: ['1; DROP TABLE orders'] }, 'test')).rejects.toThrow(
      'invalid id "1; DROP TABLE orders" for key column id (int(11)) of p/shop.orders: give a whole number',
    );
    await expect(store.setCursor(id, { primaryKey: ['1', '2'] }, 'test')).rejects.toThrow(
      'p/shop.orders has a 1-column primary key (id): give 1 key value(s), not 2',
    );
    expect(await store.get(id)).toEqual(before);
    const w = await store.setCursor(id, { primaryKey: ['-42'] }, 'test');
    expect(w.extract.cursor.primaryKey).toEqual(['-42']);
  });
  describe('leases', () => {
    const request = { pipeline: 'p', table: 'shop.leased', stage: 'extract' as const, holder: 'h1', ttlSeconds: 60 };
    const leaseRow = () =>
      dataSource.getRepository(LeaseEntity).findOneByOrFail({ pipeline: 'p', tableKey: 'shop.leased' });

    it('give the holder a random secret and keep only its SHA-256', async () => {
      const lease = await store.acquireLease(request);
      expect(lease.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const row = await leaseRow();
      expect(row.secretHash).toBe(createHash('sha256').update(lease.secret).digest('hex'));
      expect(JSON.stringify(row)).not.toContain(lease.secret);
      expect(await store.leaseHolder(request, 'extract')).not.toHaveProperty('secret');
      await store.releaseLease(lease);
    });

    it("refuse to renew or release without the holder's secret, and change nothing", async () => {
      const lease = await store.acquireLease(request);
      const before = await leaseRow();
      const other = await store.acquireLease({ ...request, table: 'shop.other' });
      for (const secret of [undefined, '', 'x'.repeat(43), other.secret]) {
        const ref = { ...lease, secret: secret as string };
        for (const attempt of [store.renewLease(ref, 600), store.releaseLease(ref)]) {
          await expect(attempt).rejects.toMatchObject({
            code: 'FORBIDDEN',
            message: expect.stringContaining(
              'the lease on p/shop.leased (extract) can be renewed or released only by its holder',
            ),
          });
        }
      }
      expect(await leaseRow()).toEqual(before);
      expect((await store.renewLease(lease, 600)).token).toBe(lease.token);
      await store.releaseLease(lease);
      expect(await store.leaseHolder(request, 'extract')).toBeNull();
    });
  });

  it('refuses a default watermark in the future, and keeps the one set', async () => {
    await store.setDefaultWatermark({ preset: '1d' }, 'test');
    await expect(store.setDefaultWatermark({ timestamp: '2999-01-01' }, 'test')).rejects.toThrow(
      /^default watermark 2999-01-01 00:00:00\.000000 is in the future .*: a table starting there would extract nothing/,
    );
    expect(await store.getDefaultWatermark()).toEqual({ preset: '1d' });
    await store.setDefaultWatermark(null, 'test');
  });

  it('sets a pending manifest aside and puts it back, recorded in the history and counted', async () => {
    const notes = { pipeline: 'p', table: 'shop.notes' };
    const poisoned = { ...manifest('m-poison', '2025-08-01 00:00:00.000000', 3), table: 'shop.notes' };
    await store.commitExtract({ ...notes, manifest: poisoned });
    await store.markLoadFailed(notes, 'loading 1 manifest(s) of shop.notes failed on manifest m-poison (3 rows): NUL');
    await expect(store.skipManifest(notes, 'm-poison', '  ', 'tester')).rejects.toThrow('give the reason for skipping');
    await expect(store.skipManifest(notes, 'm-other', 'x', 'tester')).rejects.toThrow('no manifest m-other for p / shop.notes');
    const lease = await store.acquireLease({ ...notes, stage: 'load', holder: 'loader-1', ttlSeconds: 60 });
    await expect(store.skipManifest(notes, 'm-poison', 'NUL', 'tester')).rejects.toThrow('a load of p/shop.notes is running (loader-1)');
    await store.releaseLease(lease);

    const skipped = await store.skipManifest(notes, 'm-poison', 'NUL in body', 'tester');
    expect(skipped).toMatchObject({ id: 'm-poison', status: 'skipped', skip: { by: 'tester', reason: 'NUL in body' } });
    expect(await store.pendingManifests(notes)).toEqual([]);
    const w = await store.get(notes);
    expect(w?.metadata).toMatchObject({ skippedManifests: 1, skippedRows: 3 });
    expect(w?.load).toMatchObject({ status: 'pending', lastError: null });
    expect((await store.history(notes)).at(-1)).toMatchObject({ action: 'manifest-skip', actor: 'tester' });
    await expect(store.skipManifest(notes, 'm-poison', 'again', 'tester')).rejects.toThrow(
      'manifest m-poison of p/shop.notes is skipped: only a pending manifest can be skipped',
    );
    // A load report that names it anyway leaves it skipped and uncounted.
    await store.commitLoad({ ...notes, manifestIds: ['m-poison'] });
    expect((await store.get(notes))?.load.rowsLoaded).toBe(0);

    const retried = await store.retryManifest(notes, 'm-poison', 'tester');
    expect(retried.status).toBe('pending');
    expect(retried.skip).toBeUndefined();
    expect((await store.pendingManifests(notes)).map((m) => m.id)).toEqual(['m-poison']);
    expect((await store.get(notes))?.metadata).toMatchObject({ skippedManifests: 0, skippedRows: 0 });
    await expect(store.retryManifest(notes, 'm-poison', 'tester')).rejects.toThrow('is pending: only a skipped manifest can be retried');
  });
  it('records which manifests s3clean took files from, once, and says each manifest\'s strategy', async () => {
    const gone = { pipeline: 'p', table: 'shop.gone' };
    await store.commitExtract({ ...gone, manifest: { ...manifest('m-gone-1', '2025-08-01 00:00:00.000000', 1), table: 'shop.gone' } });
    await store.commitExtract({ ...gone, manifest: { ...manifest('m-gone-2', '2025-08-02 00:00:00.000000', 1), table: 'shop.gone' } });
    expect((await store.manifests(gone)).map((m) => [m.strategy, m.filesDeletedAt])).toEqual([
      ['hybrid', null],
      ['hybrid', null],
    ]);
    await expect(store.markFilesDeleted(gone, ['m-gone-1', 'm-nope'], 'tester')).rejects.toThrow(
      'no manifest m-nope for p / shop.gone',
    );
    expect((await store.manifests(gone)).every((m) => m.filesDeletedAt === null)).toBe(true);
    await expect(store.markFilesDeleted({ pipeline: 'p', table: 'shop.never' }, ['m-gone-1'], 'tester')).rejects.toThrow(
      'no watermark for p / shop.never',
    );

    await store.markFilesDeleted(gone, ['m-gone-1'], 'tester');
    const [first, second] = await store.manifests(gone);
    expect(Date.parse(first.filesDeletedAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
    expect(second.filesDeletedAt).toBeNull();
    expect((await store.history(gone)).at(-1)).toMatchObject({ action: 'files-deleted', actor: 'tester' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await store.markFilesDeleted(gone, ['m-gone-1', 'm-gone-2'], 'tester');
    const [again, now] = await store.manifests(gone);
    expect(again.filesDeletedAt).toBe(first.filesDeletedAt);
    expect(now.filesDeletedAt).not.toBeNull();
  });

  const oldFile = (timestamp: string, id: number) => ({
    table_name: 'shop.imported',
    last_mysql_data_timestamp: timestamp,
    last_processed_id: id,
    mysql_rows_extracted: 1250025,
    redshift_rows_loaded: 1250000,
  });
  const imported = { pipeline: 'p', table: 'shop.imported' };

  it('refuses an import that moves a cursor back unless allowRewind, and changes nothing', async () => {
    await store.importDocument(oldFile('2025-08-02 00:00:00', 5), { pipeline: 'p' }, 'tester');
    const before = await store.get(imported);
    await expect(store.importDocument(oldFile('2025-08-01 00:00:00', 5), { pipeline: 'p' }, 'tester')).rejects.toThrow(
      /would move p \/ shop\.imported back from 2025-08-02 00:00:00\.000000, key \(5\) to 2025-08-01 00:00:00\.000000, key \(5\)/,
    );
    expect(await store.get(imported)).toEqual(before);
    const [rewound] = await store.importDocument(oldFile('2025-08-01 00:00:00', 5), { pipeline: 'p', allowRewind: true }, 'tester');
    expect(rewound.extract.cursor.timestamp).toBe('2025-08-01 00:00:00.000000');
  });

  it('leaves imported counts out of the count checks, until a reset restarts them', async () => {
    const counts = await store.validateCounts(imported);
    expect(counts.extractRows).toEqual({ recorded: 0, fromManifests: 0, imported: 1250025 });
    expect(counts.loadRows).toEqual({ recorded: 0, fromManifests: 0, imported: 1250000 });
    await store.reset(imported, 'extract', 'tester');
    const after = await store.validateCounts(imported);
    expect(after.extractRows).toEqual({ recorded: 0, fromManifests: 0 });
    expect(after.loadRows).toEqual({ recorded: 0, fromManifests: 0, imported: 1250000 });
  });
});
