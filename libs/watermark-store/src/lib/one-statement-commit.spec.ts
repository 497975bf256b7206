import { HeldLease, Manifest } from '@tidemark/watermark-model';
import { HistoryEntity } from './entities/history.entity';
import { LeaseEventEntity } from './entities/lease-event.entity';
import { manifest } from './sample-manifest.fixture';
import { storeForSuite } from './test-data-source.fixture';

/**
 * On PostgreSQL an extract commit that releases its lease is first tried as
 * one statement on the watermark row as read (decision 0051); whenever that
 * writes nothing the locked path decides. Both stores must answer alike:
 * the locked path's errors, nothing written by a refused commit, no update
 * lost to a commit that came in between.
 */
describe.each(['sqlite', 'postgres'] as const)('extract commits that release, on %s', (kind) => {
  const suite = storeForSuite(kind);
  const ts = '2025-09-01 00:00:00.000000';

  /** A table with a watermark row and a lease held by `worker`. */
  async function leased(table: string): Promise<HeldLease> {
    await suite.store.markExtractStarted({ pipeline: 'p', table }, 'hybrid');
    return suite.store.acquireLease({ pipeline: 'p', table, stage: 'extract', holder: 'worker', ttlSeconds: 600 });
  }

  const manifests = new Map<string, Manifest>();
  /** The manifest `id` of `table`: the same body each time it is committed again. */
  const once = (id: string, table: string): Manifest => {
    const key = `${table} ${id}`;
    if (!manifests.has(key)) manifests.set(key, manifest(id, ts, 10, 1, table));
    return manifests.get(key) as Manifest;
  };

  const commit = (table: string, lease: HeldLease, id: string, secret = lease.secret) =>
    suite.store.commitExtract({
      pipeline: 'p',
      table,
      manifest: once(id, table),
      fencingToken: lease.token,
      release: { secret },
    });

  /** Everything a commit writes for `table`: its watermark, manifests, history and lease events. */
  const state = async (table: string) => ({
    watermark: await suite.store.get({ pipeline: 'p', table }),
    manifests: (await suite.store.manifests({ pipeline: 'p', table })).map((m) => m.id),
    history: await suite.dataSource.getRepository(HistoryEntity).countBy({ pipeline: 'p', tableKey: table }),
    events: await suite.dataSource.getRepository(LeaseEventEntity).countBy({ pipeline: 'p', tableKey: table }),
    holder: (await suite.store.leaseHolder({ pipeline: 'p', table }, 'extract'))?.holder ?? null,
  });

  it('a stale token or a wrong secret gets the locked path’s refusal, and nothing is written', async () => {
    const table = 'shop.refused';
    const lease = await leased(table);
    const before = await state(table);
    await expect(commit(table, { ...lease, token: lease.token - 1 }, 'rf1')).rejects.toMatchObject({
      code: 'CONFLICT',
      message: `fencing token ${lease.token - 1} for p/${table} (extract) is stale: the current token is ${lease.token}`,
    });
    await expect(commit(table, lease, 'rf2', 'not-the-secret')).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: `the lease on p/${table} (extract) can be renewed or released only by its holder: the secret sent is not the one given at acquire`,
    });
    expect(await state(table)).toEqual(before);
  });

  it('a retried commit is counted once; a manifest id registered for another table is refused, releasing nothing', async () => {
    const table = 'shop.retried';
    const lease = await leased(table);
    await commit(table, lease, 'rt1');
    const first = await state(table);
    const retried = await commit(table, lease, 'rt1');
    expect(retried.extract.rowsExtracted).toBe(10);
    expect((await state(table)).manifests).toEqual(['rt1']);

    const other = 'shop.reused';
    const next = await leased(other);
    const before = await state(other);
    await expect(commit(other, next, 'rt1')).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('manifest rt1 is already registered with another body (for p/shop.retried)'),
    });
    expect(await state(other)).toEqual(before);
    expect(before.holder).toBe('worker');
    expect(first.holder).toBeNull();
  });

  it('commits racing on one table lose no update: each counted once, each history row starting where the last ended', async () => {
    const table = 'shop.raced_commits';
    const lease = await leased(table);
    const ids = Array.from({ length: 10 }, (_, i) => `rc${i}`);
    await Promise.all(ids.map((id) => commit(table, lease, id)));
    const w = await suite.store.get({ pipeline: 'p', table });
    expect(w?.extract.rowsExtracted).toBe(100);
    expect(w?.extract.filesCreated).toBe(10);
    const history = await suite.dataSource
      .getRepository(HistoryEntity)
      .find({ where: { pipeline: 'p', tableKey: table }, order: { id: 'ASC' } });
    expect(history).toHaveLength(11);
    for (let i = 1; i < history.length; i++) expect(history[i].before).toBe(history[i - 1].after);
  });
});
