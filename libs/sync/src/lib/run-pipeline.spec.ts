import { RealServers } from '@tidemark/testing';
import { SyncHarness } from '../test/sync-harness.fixture';
import { RunEvent } from './run-events';
import { testConfig } from '../test/test-config.fixture';

const TABLES = ['t1', 't2', 't3', 't4', 't5'];

/** The most tables between their table-started and table-finished events at any moment. */
function mostAtOnce(events: RunEvent[]): number {
  let running = 0;
  let most = 0;
  for (const e of events) {
    if (e.type === 'table-started') most = Math.max(most, ++running);
    if (e.type === 'table-finished' && e.outcome.status !== 'skipped') running--;
  }
  return most;
}

describe('runPipeline (real MariaDB, PostgreSQL and SQLite store)', () => {
  let servers: RealServers;
  let ctx: SyncHarness;
  const key = (table: string) => `${servers.db.database}.${table}`;

  beforeAll(async () => {
    servers = await RealServers.open('tm_runpipe');
    const config = testConfig({ dir: servers.dir.path });
    config.pipelines['p'] = {
      name: 'p',
      connection: 'default',
      tables: TABLES.map((t) => ({
        key: `${servers.db.database}.${t}`,
        strategy: 'hybrid',
        cursorColumn: 'updated_at',
        batchSize: 100,
      })),
    };
    for (const [i, t] of TABLES.entries()) {
      await servers.db.exec(
        `CREATE TABLE ${t} (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, label VARCHAR(20))`,
      );
      const rows = Array.from({ length: 200 * (i + 1) }, (_, n) => [
        n + 1,
        `2025-08-01 10:00:00.${String(n).padStart(6, '0')}`,
        `${t}-${n}`,
      ]);
      await servers.db.insert(t, ['id', 'updated_at', 'label'], rows);
    }
    ctx = await SyncHarness.open(config);
  });

  afterAll(async () => {
    await ctx?.close();
    await servers?.close();
  });

  it('works every table of the pipeline, up to `parallel` at once, and gives the outcomes in table order', async () => {
    const events: RunEvent[] = [];
    const outcomes = await ctx.runPipeline('p', { parallel: 3, onEvent: (e) => events.push(e) });
    expect(outcomes.map((o) => [o.table, o.status])).toEqual(TABLES.map((t) => [key(t), 'success']));
    expect(outcomes.map((o) => o.result?.load?.rowsStaged)).toEqual([200, 400, 600, 800, 1000]);
    expect(mostAtOnce(events)).toBe(3);
    expect(events[0]).toEqual({ type: 'run-started', pipeline: 'p', tables: TABLES.map(key), parallel: 3 });
    for (const t of TABLES) {
      const own = events.filter(
        (e) => (e.type === 'table-finished' ? e.outcome.table : 'table' in e ? e.table : '') === key(t),
      );
      const types = own.map((e) => e.type);
      // The load follows the extract (ADR 0036): it starts once the manifest is committed, maybe before extract-finished.
      expect(types.filter((e) => !e.startsWith('load-'))).toEqual([
        'table-started',
        'extract-started',
        'extract-progress',
        'extract-finished',
        'table-finished',
      ]);
      expect(types.filter((e) => e.startsWith('load-'))).toEqual(['load-started', 'load-progress', 'load-finished']);
      expect(types.indexOf('load-started')).toBeGreaterThan(types.indexOf('extract-progress'));
    }
  });

  it('keeps working the other tables when one fails, and says which stage failed', async () => {
    await servers.db.exec(`INSERT INTO t2 VALUES (9999, '2025-08-02 00:00:00', 'new')`);
    const outcomes = await ctx.runPipeline('p', { tables: [key('missing'), key('t2'), key('t1')], parallel: 2 });
    expect(outcomes.map((o) => [o.table, o.status, o.failedStage, o.errorCode])).toEqual([
      [key('missing'), 'failed', 'extract', 'NOT_FOUND'],
      [key('t2'), 'success', undefined, undefined],
      [key('t1'), 'success', undefined, undefined],
    ]);
    expect(outcomes[0].error).toBe(`table ${key('missing')} does not exist in MySQL connection "default"`);
    expect(outcomes[1].result?.load?.rowsStaged).toBe(1);
  });

  it('runs one table at a time with parallel 1, and skips the tables not started once aborted', async () => {
    const stop = new AbortController();
    const events: RunEvent[] = [];
    const outcomes = await ctx.runPipeline('p', {
      parallel: 1,
      signal: stop.signal,
      onEvent: (e) => {
        events.push(e);
        if (e.type === 'table-finished' && e.outcome.table === key('t2')) stop.abort();
      },
    });
    expect(outcomes.map((o) => o.status)).toEqual(['success', 'success', 'skipped', 'skipped', 'skipped']);
    expect(outcomes[2].error).toBe('not started: the run was stopped');
    expect(mostAtOnce(events)).toBe(1);
  });

  it('refuses a bad table key before any table starts, and runs a key given twice once', async () => {
    const events: RunEvent[] = [];
    await expect(
      ctx.runPipeline('p', { tables: [key('t1'), 'shop.orders;DROP TABLE x'], onEvent: (e) => events.push(e) }),
    ).rejects.toThrow('invalid table name "orders;DROP TABLE x"');
    expect(events).toEqual([]);
    const outcomes = await ctx.runPipeline('p', { tables: [key('t1'), key('t1')], parallel: 2 });
    expect(outcomes.map((o) => o.table)).toEqual([key('t1')]);
  });
});
