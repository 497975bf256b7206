import { join } from 'node:path';
import { MysqlFixture, mysqlDigest, PostgresFixture, postgresDigest } from '@tidemark/testing';
import { openWatermarkDataSource, WatermarkStore } from '@tidemark/watermark-store';
import { CliFixture, CliWorld } from './cli.fixture';

/** One table of each load mode, each with the columns the source and the target share. */
const TABLES = {
  orders: { mode: 'merge', columns: ['id', 'updated_at', 'total'] },
  events: { mode: 'append', columns: ['id', 'updated_at', 'kind'] },
  dims: { mode: 'full_sync', columns: ['id', 'updated_at', 'label'] },
} as const;
type Name = keyof typeof TABLES;
const NAMES = Object.keys(TABLES) as Name[];

describe('tidemark resync (built binary, real MariaDB and PostgreSQL)', () => {
  const world = new CliWorld();
  let db: MysqlFixture;
  let pg: PostgresFixture;
  let cli: CliFixture;
  let config: string;

  const run = (...args: string[]) => cli.run(config, args);
  const ok = (...args: string[]) => {
    const r = run(...args);
    if (r.status !== 0) throw new Error(`tidemark ${args.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
    return r;
  };
  const json = (...args: string[]) => JSON.parse(ok(...args, '--json').stdout);
  const key = (name: Name) => `${db.database}.${name}`;
  const source = (name: Name) => mysqlDigest(db, name, [...TABLES[name].columns]);
  const target = (name: Name) => postgresDigest(pg, db.database, name, [...TABLES[name].columns]);
  /** One query at a time: the fixture has one PostgreSQL connection. */
  const allTargets = async () => {
    const out = [];
    for (const name of NAMES) out.push(await target(name));
    return out;
  };
  const resyncs = (name: Name) =>
    (json('watermark', 'history', '-p', 'shop', '-t', key(name)) as { action: string }[]).filter(
      (h) => h.action === 'resync',
    ).length;
  const manifests = (name: Name) =>
    json('manifest', 'list', '-p', 'shop', '-t', key(name)) as { id: string; status: string }[];

  beforeAll(async () => {
    ({ db, pg, cli } = await world.open('hs_resync'));
    await db.exec(`CREATE TABLE orders (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, total DECIMAL(10,2))`);
    await db.exec(`CREATE TABLE events (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, kind VARCHAR(20))`);
    await db.exec(`CREATE TABLE dims (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, label VARCHAR(20))`);
    const at = (i: number) => `2025-08-01 10:00:00.00000${i}`;
    for (const i of [1, 2, 3]) {
      await db.exec('INSERT INTO orders VALUES (?, ?, ?)', [i, at(i), `${i}.50`]);
      await db.exec('INSERT INTO events VALUES (?, ?, ?)', [i, at(i), `kind-${i}`]);
      await db.exec('INSERT INTO dims VALUES (?, ?, ?)', [i, at(i), `label-${i}`]);
    }
    config = cli.writeConfig('config', {
      pipelines: {
        shop: [
          'connection: default',
          'tables:',
          `  ${db.database}.orders: { cursorColumn: updated_at }`,
          `  ${db.database}.events: { strategy: timestamp_only, cursorColumn: updated_at, loadMode: append }`,
          `  ${db.database}.dims: { strategy: full_sync }`,
          '',
        ].join('\n'),
      },
    });
    ok('sync', '-p', 'shop');
    await pg.client.query(`CREATE VIEW "${db.database}".big_orders AS SELECT id, total FROM "${db.database}".orders`);
  });

  afterAll(() => world.close());

  /** Manifests registered before the resync, pending ones among them: none may load afterwards. */
  let before: Record<Name, string[]>;

  it('starts from targets that a plain sync leaves apart from their sources after deletes and silent updates', async () => {
    for (const name of NAMES) {
      await db.exec(`DELETE FROM ${name} WHERE id = 2`);
      // Changed without moving the cursor column: an incremental sync cannot see it.
      await db.exec(`UPDATE ${name} SET ${TABLES[name].columns[2]} = ? WHERE id = 1`, [
        name === 'orders' ? '7.25' : 'changed',
      ]);
    }
    // A row extracted (pending, not loaded) and then deleted at the source.
    await db.exec("INSERT INTO orders VALUES (9, '2025-08-02 00:00:00', 9.00)");
    ok('sync', '-p', 'shop', '--backup-only');
    await db.exec('DELETE FROM orders WHERE id = 9');
    expect(manifests('orders').map((m) => m.status)).toEqual(['loaded', 'pending']);
    before = Object.fromEntries(NAMES.map((n) => [n, manifests(n).map((m) => m.id)])) as Record<Name, string[]>;
    for (const name of ['orders', 'events'] as const) expect(await target(name)).not.toEqual(await source(name));
  });

  it('without --yes says what it would do to which tables, exits 1 and changes nothing', async () => {
    const watermarks = json('watermark', 'list', '-p', 'shop');
    const targets = await allTargets();
    const r = run('resync', '-p', 'shop');
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('error: a resync is final: add --yes to confirm\n');
    expect(r.stdout).toContain('resync would start over 3 table(s) of pipeline shop, then sync them in one run:');
    expect(r.stdout).toMatch(
      new RegExp(
        `^  ${key('orders')} \\(merge\\): 4 rows extracted, 3 loaded would restart from 0; 2 manifest\\(s\\) of 4 rows would become superseded`,
        'm',
      ),
    );
    expect(r.stdout).toMatch(new RegExp(`^  ${key('events')} \\(append\\): .* emptied and refilled`, 'm'));
    expect(r.stdout).toMatch(new RegExp(`^  ${key('dims')} \\(full_sync\\): .* built aside and swapped in`, 'm'));
    expect(json('watermark', 'list', '-p', 'shop')).toEqual(watermarks);
    expect(await allTargets()).toEqual(targets);
  });

  it('is refused while a run leases any of the tables, before it resets any', async () => {
    // A loader of another process holds the last table's load lease, in the store the command uses.
    const store = await openWatermarkDataSource({
      type: 'sqlite',
      path: join(cli.dir.path, 'config-state/watermarks.sqlite'),
    });
    try {
      const lease = await new WatermarkStore(store).acquireLease({
        pipeline: 'shop',
        table: key('dims'),
        stage: 'load',
        holder: 'loader-elsewhere',
        ttlSeconds: 60,
      });
      const watermarks = json('watermark', 'list', '-p', 'shop');
      const r = run('resync', '-p', 'shop', '--yes');
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(
        new RegExp(
          `^error: cannot resync while a run works these tables, nothing was reset: ${key('dims')} \\(load\\) is leased by loader-elsewhere until \\S+\n$`,
        ),
      );
      expect(json('watermark', 'list', '-p', 'shop')).toEqual(watermarks);
      await new WatermarkStore(store).releaseLease(lease);
    } finally {
      await store.destroy();
    }
  });

  it('resyncs a whole pipeline in one command: each target equals its source, deleted rows gone, views kept', async () => {
    const r = run('resync', '-p', 'shop', '--yes');
    expect(r.status).toBe(0);
    for (const name of NAMES) {
      expect(r.stdout).toMatch(new RegExp(`^reset ${key(name)} \\(${TABLES[name].mode}\\): was .* superseded`, 'm'));
      expect(r.stdout).toMatch(new RegExp(`^${key(name)} +success +2 +1 +2 `, 'm'));
    }
    // The resets come first, then the sync's own output.
    expect(r.stdout.indexOf(`reset ${key('dims')}`)).toBeLessThan(r.stdout.indexOf(`${key('orders')}: extracted`));
    for (const name of NAMES) expect(await target(name)).toEqual(await source(name));
    expect(await pg.rows(`SELECT id, total FROM "${db.database}".big_orders ORDER BY id`)).toEqual([
      { id: 1, total: '7.25' },
      { id: 3, total: '3.50' },
    ]);
  });

  it('made every manifest from before history, and restarted the counts so they equal the manifests', () => {
    for (const name of NAMES) {
      const now = manifests(name);
      for (const id of before[name]) expect(now.find((m) => m.id === id)?.status).toBe('superseded');
      expect(now.filter((m) => !before[name].includes(m.id)).map((m) => m.status)).toEqual(['loaded']);
      const w = json('watermark', 'get', '-p', 'shop', '-t', key(name));
      expect(w.extract.rowsExtracted).toBe(2);
      expect(w.load).toMatchObject({ rowsLoaded: 2, manifestsLoaded: 1, rebuildPending: false });
      const counts = json('watermark-count', 'validate-counts', '-p', 'shop', '-t', key(name));
      expect(counts.ok).toBe(true);
      expect(resyncs(name)).toBe(1);
    }
  });

  it('resyncs only the tables named with -t', async () => {
    await db.exec('DELETE FROM orders WHERE id = 3');
    await db.exec('DELETE FROM events WHERE id = 3');
    const dims = await target('dims');
    const r = run('resync', '-p', 'shop', '-t', key('orders'), '-t', key('events'), '--yes');
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain(key('dims'));
    expect(await target('orders')).toEqual(await source('orders'));
    expect(await target('events')).toEqual(await source('events'));
    expect(await target('dims')).toEqual(dims);
    expect([resyncs('orders'), resyncs('events'), resyncs('dims')]).toEqual([2, 2, 1]);
  });
  it('leaves the target as it was when its sync fails, and the next plain sync finishes the rebuild', async () => {
    await db.exec("INSERT INTO events VALUES (5, '2025-08-03 00:00:00', 'late')");
    await db.exec('DELETE FROM events WHERE id = 1');
    const loaded = await target('events');
    expect(loaded).not.toEqual(await source('events'));
    // The source table is away while the resync runs: its reset is done, its extract fails.
    await db.exec('RENAME TABLE events TO events_away');
    const r = run('resync', '-p', 'shop', '-t', key('events'), '--yes');
    await db.exec('RENAME TABLE events_away TO events');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`^reset ${key('events')} \\(append\\)`, 'm'));
    expect(r.stdout).toMatch(new RegExp(`^${key('events')} +failed`, 'm'));
    expect(await target('events')).toEqual(loaded);
    expect(json('watermark', 'get', '-p', 'shop', '-t', key('events')).load.rebuildPending).toBe(true);

    ok('sync', '-p', 'shop', '-t', key('events'));
    expect(await target('events')).toEqual(await source('events'));
    expect(json('watermark', 'get', '-p', 'shop', '-t', key('events')).load.rebuildPending).toBe(false);
  });
});
