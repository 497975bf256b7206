import { HeldLease, LeaseStage } from '@tidemark/watermark-model';
import { LeaseEventEntity } from './entities/lease-event.entity';
import { manifest } from './sample-manifest.fixture';
import { storeForSuite } from './test-data-source.fixture';

/** A commit that releases its lease (CommitRelease): one transaction, and a refused commit releases nothing. */
describe.each(['sqlite', 'postgres'] as const)('a commit that releases its lease, on %s', (kind) => {
  const suite = storeForSuite(kind);

  const acquire = (table: string, stage: LeaseStage, holder = 'worker') =>
    suite.store.acquireLease({ pipeline: 'p', table, stage, holder, ttlSeconds: 600 });

  /** Another holder asks for the lease: granted (with the next token) or refused with the holder's name. */
  const otherTakes = async (table: string, stage: LeaseStage): Promise<HeldLease | 'refused'> => {
    try {
      return await acquire(table, stage, 'other');
    } catch (error) {
      expect((error as Error).message).toMatch(/is leased by worker/);
      return 'refused';
    }
  };

  const events = (table: string) =>
    suite.dataSource
      .getRepository(LeaseEventEntity)
      .find({ where: { pipeline: 'p', tableKey: table }, order: { id: 'ASC' } })
      .then((rows) => rows.map((e) => `${e.stage} ${e.event} ${e.holder} ${e.token}`));

  it('an extract commit with release registers the manifest, ends the run as succeeded and frees the lease at once', async () => {
    const table = 'shop.ext_ok';
    const lease = await acquire(table, 'extract');
    await suite.store.markExtractStarted({ pipeline: 'p', table }, 'hybrid');
    const w = await suite.store.commitExtract({
      pipeline: 'p',
      table,
      manifest: manifest('xr1', '2025-08-01 10:00:00.000000', 10, 1, table),
      fencingToken: lease.token,
      release: { secret: lease.secret },
      summary: { futureRows: 3 },
    });
    expect(w.extract.cursor.timestamp).toBe('2025-08-01 10:00:00.000000');
    expect(w.extract.status).toBe('success');
    expect(w.extract.lastRunAt).not.toBeNull();
    expect(w.metadata.futureRows).toBe(3);
    expect(await suite.store.leaseHolder({ pipeline: 'p', table }, 'extract')).toBeNull();
    const next = await otherTakes(table, 'extract');
    expect(next).toMatchObject({ holder: 'other', token: lease.token + 1 });
    expect(await events(table)).toEqual([
      `extract granted worker ${lease.token}`,
      `extract released worker ${lease.token}`,
      `extract granted other ${lease.token + 1}`,
    ]);
  });

  it('a load commit with release marks the manifests loaded and frees the lease at once', async () => {
    const table = 'shop.load_ok';
    const ext = await acquire(table, 'extract');
    const m = manifest('lr1', '2025-08-01 10:00:00.000000', 10, 1, table);
    await suite.store.commitExtract({ pipeline: 'p', table, manifest: m, fencingToken: ext.token });
    const lease = await acquire(table, 'load');
    const w = await suite.store.commitLoad({
      pipeline: 'p',
      table,
      manifestIds: ['lr1'],
      fencingToken: lease.token,
      release: { secret: lease.secret },
    });
    expect(w.load.rowsLoaded).toBe(10);
    expect(await suite.store.pendingManifests({ pipeline: 'p', table })).toEqual([]);
    expect(await otherTakes(table, 'load')).toMatchObject({ holder: 'other', token: lease.token + 1 });
    // Only the load lease was released: the extract lease is still its holder's.
    expect(await otherTakes(table, 'extract')).toBe('refused');
  });

  it('a commit refused (the cursor would move back) releases nothing: the holder keeps its lease', async () => {
    const table = 'shop.ext_refused';
    const lease = await acquire(table, 'extract');
    await suite.store.commitExtract({
      pipeline: 'p',
      table,
      manifest: manifest('rf1', '2025-08-02 00:00:00.000000', 10, 1, table),
      fencingToken: lease.token,
    });
    const before = await suite.store.get({ pipeline: 'p', table });
    await expect(
      suite.store.commitExtract({
        pipeline: 'p',
        table,
        manifest: manifest('rf2', '2025-08-01 00:00:00.000000', 10, 1, table),
        fencingToken: lease.token,
        release: { secret: lease.secret },
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('would move the cursor') });
    expect(await suite.store.get({ pipeline: 'p', table })).toEqual(before);
    expect(await otherTakes(table, 'extract')).toBe('refused');
    expect(await events(table)).toEqual([`extract granted worker ${lease.token}`]);
  });

  it("a release with another holder's secret refuses the whole commit: nothing registered, the lease kept", async () => {
    const table = 'shop.ext_secret';
    const lease = await acquire(table, 'extract');
    const stranger = await acquire('shop.elsewhere', 'extract');
    await expect(
      suite.store.commitExtract({
        pipeline: 'p',
        table,
        manifest: manifest('ws1', '2025-08-01 00:00:00.000000', 10, 1, table),
        fencingToken: lease.token,
        release: { secret: stranger.secret },
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await suite.store.get({ pipeline: 'p', table })).toBeNull();
    expect(await suite.store.pendingManifests({ pipeline: 'p', table })).toEqual([]);
    expect(await otherTakes(table, 'extract')).toBe('refused');
  });

  it("a commit with a stale token releases nothing, and never the new holder's lease", async () => {
    const table = 'shop.load_stale';
    const old = await acquire(table, 'load');
    await suite.store.releaseLease(old);
    const next = await acquire(table, 'load', 'next');
    await expect(
      suite.store.commitLoad({
        pipeline: 'p',
        table,
        manifestIds: [],
        fencingToken: old.token,
        release: { secret: old.secret },
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('is stale') });
    expect(await suite.store.leaseHolder({ pipeline: 'p', table }, 'load')).toMatchObject({
      holder: 'next',
      token: next.token,
    });
  });

  it('says what is missing: a release needs the fencing token, a summary needs the release', async () => {
    const table = 'shop.ext_bad';
    const m = manifest('bd1', '2025-08-01 00:00:00.000000', 10, 1, table);
    await expect(
      suite.store.commitExtract({ pipeline: 'p', table, manifest: m, release: { secret: 'x' } }),
    ).rejects.toMatchObject({ code: 'BAD_INPUT', message: 'a commit releases its lease only with its fencing token' });
    await expect(
      suite.store.commitExtract({ pipeline: 'p', table, manifest: m, summary: { futureRows: 1 } }),
    ).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: 'a summary is given only with the release that ends the run',
    });
    expect(await suite.store.get({ pipeline: 'p', table })).toBeNull();
  });
});
