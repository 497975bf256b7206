import { AbstractLogger, DataSource } from 'typeorm';
import { openTestDataSource } from './test-data-source.fixture';
import { TAKE_SQLITE_WRITE_LOCK } from './transaction-runner';
import { WatermarkStore } from './watermark-store';

/** Every statement the store sends, as TypeORM hands it to the database (transaction control included). */
class StatementLog extends AbstractLogger {
  statements: string[] = [];

  override logQuery(query: string): void {
    this.statements.push(query);
  }

  protected writeLog(): void {
    // Only queries are counted (logQuery above).
  }

  /** Statements sent while `work` runs. */
  async during(work: () => Promise<unknown>): Promise<string[]> {
    const start = this.statements.length;
    await work();
    return this.statements.slice(start);
  }
}

const holder = 'host:1';

/** Not transaction control: BEGIN, COMMIT, and SQLite's taking of the write lock at a transaction's start. */
const isWork = (statement: string) =>
  !/^(BEGIN|COMMIT|START TRANSACTION)/i.test(statement) && statement !== TAKE_SQLITE_WRITE_LOCK;

/**
 * A table's run with nothing new, as `sync` does it: extract stage
 * (lease, read, started, succeeded, release), then load stage (lease,
 * pending manifests, release). The statement budgets below are what
 * each step needs: transaction control, the locked read, one write, the
 * history or lease-event row.
 */
async function nothingNewRun(store: WatermarkStore, table: string): Promise<void> {
  const id = { pipeline: 'p', table };
  const extract = await store.acquireLease({ ...id, stage: 'extract', holder, ttlSeconds: 60 });
  await store.get(id);
  await store.markExtractStarted(id, 'hybrid');
  await store.markExtractSucceeded(id, { futureRows: 0 });
  await store.releaseLease(extract);
  const load = await store.acquireLease({ ...id, stage: 'load', holder, ttlSeconds: 60 });
  await store.pendingManifests(id);
  await store.releaseLease(load);
}

describe.each(['sqlite', 'postgres'] as const)('statements the store sends on %s', (kind) => {
  let dataSource: DataSource;
  let store: WatermarkStore;
  let cleanup: () => Promise<void>;
  const log = new StatementLog();

  beforeAll(async () => {
    ({ dataSource, cleanup } = await openTestDataSource(kind));
    dataSource.setOptions({ logging: ['query'], logger: log });
    store = new WatermarkStore(dataSource);
    for (let i = 0; i < 10; i++) await nothingNewRun(store, `shop.t${i}`); // every row exists from here on
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await cleanup?.();
  });

  const id = { pipeline: 'p', table: 'shop.t0' };

  it('changes an existing watermark with a locked read, one UPDATE and its history row (one statement on PostgreSQL)', async () => {
    const sent = await log.during(() => store.markExtractStarted(id, 'hybrid'));
    const write =
      kind === 'postgres'
        ? [
            expect.stringMatching(
              /^WITH changed AS \(UPDATE "(\w+"\.")?tidemark_watermarks" .* INSERT INTO "(\w+"\.")?tidemark_watermark_history"/,
            ),
          ]
        : [
            expect.stringMatching(/^UPDATE "(\w+"\.")?tidemark_watermarks"/),
            expect.stringMatching(/^INSERT INTO "(\w+"\.")?tidemark_watermark_history"/),
          ];
    expect(sent.filter(isWork)).toEqual([
      expect.stringMatching(/^SELECT .* FROM "(\w+"\.")?tidemark_watermarks"/),
      ...write,
    ]);
  });

  // PostgreSQL (decision 0039): the lease row changed and its event written by one statement outside a transaction.
  const leaseWriteAndEvent =
    /^WITH changed AS \(UPDATE "(\w+"\.")?tidemark_leases" .* INSERT INTO "(\w+"\.")?tidemark_lease_events"/;
  // PostgreSQL (decision 0051): a grant locks the row if nobody else holds it live, writes it and its event.
  const leaseGrant =
    /^WITH old AS MATERIALIZED \(SELECT .* FROM "(\w+"\.")?tidemark_leases" .* FOR UPDATE\), granted AS \(UPDATE "(\w+"\.")?tidemark_leases" .* recorded AS \(INSERT INTO "(\w+"\.")?tidemark_lease_events"/;

  it(
    kind === 'postgres'
      ? 'grants, renews and releases an existing lease with one statement each, which writes it and its event'
      : 'grants, renews and releases an existing lease with a locked read, one UPDATE and its event row each',
    async () => {
      const request = { ...id, stage: 'extract' as const, holder, ttlSeconds: 60 };
      let lease = await store.acquireLease(request);
      const steps = {
        acquire: () => store.acquireLease(request).then((l) => (lease = l)),
        renew: () => store.renewLease(lease, 60),
        release: () => store.releaseLease(lease),
      };
      for (const [name, step] of Object.entries(steps)) {
        const sent = await log.during(step);
        if (kind === 'postgres') {
          expect(sent).toEqual([expect.stringMatching(name === 'acquire' ? leaseGrant : leaseWriteAndEvent)]);
          continue;
        }
        expect(sent.filter(isWork)).toEqual([
          expect.stringMatching(/^SELECT .* FROM "(\w+"\.")?tidemark_leases"/),
          expect.stringMatching(/^UPDATE "(\w+"\.")?tidemark_leases"/),
          expect.stringMatching(/^INSERT INTO "(\w+"\.")?tidemark_lease_events"/),
        ]);
      }
    },
  );

  it('still records the state after the change: history and lease token move as before', async () => {
    const before = await store.get(id);
    const lease = await store.acquireLease({ ...id, stage: 'load', holder, ttlSeconds: 60 });
    const renewed = await store.renewLease(lease, 120);
    expect(renewed.token).toBe(lease.token);
    expect(Date.parse(renewed.expiresAt)).toBeGreaterThan(Date.parse(lease.expiresAt));
    await store.releaseLease(lease);
    expect(await store.leaseHolder(id, 'load')).toBeNull();
    await store.markLoadFailed(id, 'warehouse down');
    const after = await store.get(id);
    expect(after?.load).toMatchObject({ status: 'failed', lastError: 'warehouse down' });
    expect(after?.extract).toEqual(before?.extract);
    const [last] = (await store.history(id)).slice(-1);
    expect(last).toMatchObject({ action: 'load-failed', before, after });
  });

  it('costs a table with nothing new a fixed number of statements, the same for every table', async () => {
    const one = await log.during(() => nothingNewRun(store, 'shop.t1'));
    const ten = await log.during(async () => {
      for (let i = 0; i < 10; i++) await nothingNewRun(store, `shop.t${i}`);
    });
    expect(ten).toHaveLength(10 * one.length);
    // SQLite: two leases (grant + release: 3 + 3 statements each, and their transactions),
    // two watermark changes (3 each, and their transactions), one read, one manifest read;
    // a transaction is BEGIN, the write lock and COMMIT.
    // PostgreSQL: each grant and each release one statement, outside transactions; a
    // watermark change writes its row and history row in one statement, BEGIN and COMMIT around it.
    const transactions = kind === 'postgres' ? 2 : 6;
    const control = kind === 'postgres' ? 2 : 3;
    const leases = kind === 'postgres' ? 2 * (1 + 1) : 2 * (3 + 3);
    const changes = kind === 'postgres' ? 2 * 2 : 2 * 3;
    expect(one.length).toBe(leases + changes + control * transactions + 2);
  });
});
