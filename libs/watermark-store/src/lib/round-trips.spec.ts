import { DataSource, Logger } from 'typeorm';
import { loadOrderValue } from '@tidemark/watermark-model';
import { manifest } from './sample-manifest.fixture';
import { openTestDataSource } from './test-data-source.fixture';
import { WatermarkStore } from './watermark-store';

/** Every statement the store sends, BEGIN and COMMIT included, as TypeORM's query runners report them. */
function countStatements(dataSource: DataSource): { statements: string[] } {
  const seen = { statements: [] as string[] };
  const counting: Logger = {
    logQuery: (query) => void seen.statements.push(query.trimStart().split(/\s/)[0]),
    logQueryError: () => undefined,
    logQuerySlow: () => undefined,
    logSchemaBuild: () => undefined,
    logMigration: () => undefined,
    log: () => undefined,
  };
  Object.assign(dataSource, { logger: counting });
  return seen;
}

/**
 * Each statement is a round trip to the store, and at hundreds of lease
 * cycles a second they are most of what the service and PostgreSQL spend
 * (BENCHMARKS.md, "Watermark service"). The extractor's cycle on a table
 * that has a lease and a watermark row already: acquire, commit, release;
 * and the cycle of a run that ends with its commit: acquire, the commit that
 * releases.
 */
describe('statements per lease cycle (PostgreSQL store)', () => {
  let dataSource: DataSource;
  let cleanup: () => Promise<void>;
  let store: WatermarkStore;
  const id = { pipeline: 'p', table: 'shop.orders' };

  beforeAll(async () => {
    ({ dataSource, cleanup } = await openTestDataSource('postgres'));
    store = new WatermarkStore(dataSource);
    const first = await store.acquireLease({ ...id, stage: 'extract', holder: 'h', ttlSeconds: 60 });
    await store.commitExtract({
      ...id,
      manifest: manifest('m0', '2025-01-01 00:00:01.000000', 1),
      fencingToken: first.token,
    });
    await store.releaseLease(first);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await cleanup?.();
  });

  it('acquire 1, commit 6, release 1: a lease call in one statement, a commit without release in a transaction that locks its rows once and writes each once', async () => {
    const seen = countStatements(dataSource);
    const count = async (work: () => Promise<unknown>) => {
      seen.statements.length = 0;
      await work();
      return [...seen.statements];
    };
    let lease = { token: 0 } as Awaited<ReturnType<WatermarkStore['acquireLease']>>;
    const acquire = await count(
      async () => (lease = await store.acquireLease({ ...id, stage: 'extract', holder: 'h', ttlSeconds: 60 })),
    );
    const m = {
      ...manifest('m1', '2025-01-01 00:00:02.000000', 1),
      loadOrder: { column: '_tidemark_load_order', value: loadOrderValue(lease.token, 1) },
    };
    const commit = await count(() => store.commitExtract({ ...id, manifest: m, fencingToken: lease.token }));
    const release = await count(() => store.releaseLease(lease));
    // The lease row locked if expired or the asker's, written with the next token and its event (decision 0051).
    expect(acquire).toEqual(['WITH']);
    // The watermark and lease rows locked; the manifest inserted unless its id is there; the watermark with its history.
    expect(commit).toEqual(['START', 'SELECT', 'SELECT', 'INSERT', 'WITH', 'COMMIT']);
    // The lease row written with its event if the token and the secret's hash match.
    expect(release).toEqual(['WITH']);
  });

  it('a commit that releases its lease sends 2: the watermark row read, then one statement that writes everything or nothing (decision 0051)', async () => {
    const seen = countStatements(dataSource);
    const lease = await store.acquireLease({ ...id, stage: 'extract', holder: 'h', ttlSeconds: 60 });
    const m = {
      ...manifest('m2', '2025-01-01 00:00:03.000000', 1),
      loadOrder: { column: '_tidemark_load_order', value: loadOrderValue(lease.token, 1) },
    };
    seen.statements.length = 0;
    await store.commitExtract({ ...id, manifest: m, fencingToken: lease.token, release: { secret: lease.secret } });
    // The watermark row read; then, in one WITH, both rows locked if still as read and held by the commit's lease,
    // the lease released with its event, the manifest inserted, the watermark written with its history.
    expect(seen.statements).toEqual(['SELECT', 'WITH']);
    expect(await store.leaseHolder(id, 'extract')).toBeNull();
    expect((await store.get(id))?.extract.cursor.timestamp).toBe('2025-01-01 00:00:03.000000');
  });

  // Statements are prepared once per connection (decision 0039). Another replica may migrate the
  // store meanwhile: a prepared read whose result changed shape would fail ("cached plan must not
  // change result type"), so none reads `*`.
  it('prepared statements keep answering after a migration adds a column to the tables they read', async () => {
    const schema = (dataSource.options as { schema: string }).schema;
    const other = { pipeline: 'p', table: 'shop.other' };
    const lease = await store.acquireLease({ ...other, stage: 'load', holder: 'h', ttlSeconds: 60 });
    await store.releaseLease(lease);
    expect(await store.get(other)).toBeNull();
    await dataSource.query(`ALTER TABLE "${schema}"."tidemark_leases" ADD COLUMN "h_service_extra" integer`);
    await dataSource.query(`ALTER TABLE "${schema}"."tidemark_watermarks" ADD COLUMN "h_service_extra" integer`);
    // The same statements again, on connections that prepared them before the columns existed.
    for (let i = 0; i < 5; i++) {
      const again = await store.acquireLease({ ...other, stage: 'load', holder: 'h', ttlSeconds: 60 });
      expect(again.token).toBe(lease.token + 1 + i);
      await store.releaseLease(again);
      expect(await store.get(other)).toBeNull();
    }
  });
});
