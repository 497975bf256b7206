import { loadConfig } from '@tidemark/config';
import { createObjectStore, ObjectStore } from '@tidemark/object-store';
import { RealServers } from '@tidemark/testing';
import { CliFixture } from './cli.fixture';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const baseName = (key: string) => key.slice(key.lastIndexOf('/') + 1);
const filesOf = (manifestId: string) => [`${manifestId}.manifest.json`, `${manifestId}.parquet`];

interface Manifest {
  id: string;
  status: string;
  createdAt: string;
  filesDeletedAt: string | null;
}
interface Restorable {
  oldest: string | null;
  current: boolean;
  filesCleaned: string[];
}
interface Cleanup {
  keepRestorable: string;
  objects: { key: string; reason: string; manifestId: string | null }[];
  summary: Record<string, { objects: number; bytes: number }>;
}

/**
 * `s3clean` keeps what `reload` and `restore` need (`--keep-restorable`),
 * records in the store which manifests lost files, and `status` /
 * `watermark get` show how far back each table can still be restored.
 * A merge (cursor) table and a full_sync table, three syncs each.
 */
describe('tidemark s3clean --keep-restorable (built binary, real servers)', () => {
  let servers: RealServers;
  let cli: CliFixture;
  let config: string;
  let store: ObjectStore;
  let tablesPrefix: string;
  let orders: string;
  let snap: string;
  let events: string;
  const ordersIds: string[] = [];
  const snapIds: string[] = [];
  /** Two syncs, then the one manifest of a resync. */
  const eventsIds: string[] = [];

  function runOk(...args: string[]) {
    const r = cli.run(config, args);
    if (r.status !== 0) throw new Error(`tidemark ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    return r;
  }
  const manifestsOf = (table: string): Manifest[] =>
    JSON.parse(runOk('manifest', 'list', '-t', table, '--json').stdout);
  const createdAt = (table: string, id: string) => manifestsOf(table).find((m) => m.id === id)?.createdAt;
  const seen = new Set<string>();
  function syncOneManifest(table: string): string {
    runOk('sync', '-t', table);
    const fresh = manifestsOf(table).filter((m) => !seen.has(m.id));
    expect(fresh).toHaveLength(1);
    seen.add(fresh[0].id);
    return fresh[0].id;
  }
  const clean = (table: string, ...flags: string[]): Cleanup =>
    JSON.parse(runOk('s3clean', 'clean', '-t', table, '--older-than', '0s', ...flags, '--json').stdout);
  const deletedBy = (c: Cleanup) =>
    c.objects
      .filter((o) => o.reason === 'deleted')
      .map((o) => baseName(o.key))
      .sort();
  /** File names under a table's folder; `table` is the table key (`db.orders`). */
  async function remaining(table: string): Promise<string[]> {
    const names: string[] = [];
    const folder = table.slice(table.indexOf('.') + 1);
    for await (const o of store.list(`${tablesPrefix}${folder}/`)) names.push(baseName(o.key));
    return names.sort();
  }
  const restorableInStatus = (table: string): Restorable =>
    JSON.parse(runOk('status', '--json').stdout).find((s: { table: string }) => s.table === table).restorable;
  const restorableInGet = (table: string): Restorable =>
    JSON.parse(runOk('watermark', 'get', '-t', table, '--json').stdout).restorable;

  beforeAll(async () => {
    servers = await RealServers.open('hr_retention');
    const { db } = servers;
    orders = `${db.database}.orders`;
    snap = `${db.database}.snap`;
    events = `${db.database}.events`;
    cli = new CliFixture();
    config = cli.writeConfig('local', {
      pipelines: { default: `connection: default\ntables:\n  ${snap}: { strategy: full_sync }\n` },
    });
    const loaded = loadConfig(config);
    store = createObjectStore(loaded.objectStore);
    tablesPrefix = `${loaded.objectStore.prefix}/default/default/${db.database}/`;
    await db.exec('CREATE TABLE orders (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, total DECIMAL(10,2))');
    await db.exec('CREATE TABLE snap (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, label VARCHAR(20))');
    await db.exec('CREATE TABLE events (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL)');
    for (const day of [1, 2, 3]) {
      await db.exec(`INSERT INTO orders VALUES (${day}, '2025-08-0${day} 10:00:00', ${day}.00)`);
      ordersIds.push(syncOneManifest(orders));
      await db.exec(`INSERT INTO snap VALUES (${day}, '2025-08-0${day} 10:00:00', 'v${day}')`);
      snapIds.push(syncOneManifest(snap));
    }
    for (const day of [1, 2]) {
      await db.exec(`INSERT INTO events VALUES (${day}, '2025-08-0${day} 10:00:00')`);
      eventsIds.push(syncOneManifest(events));
    }
    runOk('resync', '-t', events, '--yes');
    const afterResync = manifestsOf(events).filter((m) => !seen.has(m.id));
    expect(afterResync).toHaveLength(1);
    eventsIds.push(afterResync[0].id);
    // The window of `--keep-restorable 1s` below then starts after every manifest was registered.
    await sleep(1_500);
  }, 300_000); // twenty runs of the binary against MariaDB and PostgreSQL

  afterAll(async () => {
    await servers?.close();
    cli?.remove();
  });

  it('starts with every manifest loaded (or superseded by a newer snapshot) and every point restorable', () => {
    expect(manifestsOf(orders).map((m) => [m.id, m.status, m.filesDeletedAt])).toEqual(
      ordersIds.map((id) => [id, 'loaded', null]),
    );
    expect(manifestsOf(snap).every((m) => m.status !== 'pending' && m.filesDeletedAt === null)).toBe(true);
    const first = createdAt(orders, ordersIds[0]);
    expect(restorableInStatus(orders)).toEqual({ oldest: first, current: true, filesCleaned: [], manifests: 3 });
    expect(restorableInGet(orders)).toEqual(restorableInStatus(orders));
    expect(restorableInStatus(snap)).toMatchObject({ oldest: createdAt(snap, snapIds[0]), current: true });
  });

  it('by default keeps every registered file a restore point needs, old as it is, and deletes only orphans', async () => {
    await store.putBytes(`${tablesPrefix}orders/2020/01/01/crashed-00001.parquet`, 'PAR1 crashed');
    const before = await remaining(orders);
    const result = clean(orders);
    expect(result.keepRestorable).toBe('all');
    expect(deletedBy(result)).toEqual(['crashed-00001.parquet']);
    expect(result.summary['kept-restorable'].objects).toBe(6);
    expect(before).toHaveLength(7);
    expect(await remaining(orders)).toEqual(before.filter((f) => f !== 'crashed-00001.parquet'));

    expect(deletedBy(clean(snap))).toEqual([]);
    expect((await remaining(snap)).length).toBe(6);
    expect(restorableInStatus(orders).filesCleaned).toEqual([]);
  });

  it('says what it keeps for restore in the human output', () => {
    const human = runOk('s3clean', 'clean', '-t', snap, '--older-than', '0s', '--dry-run').stdout;
    expect(human).toContain('older than 0s, keep restorable: all, dry run');
    expect(human).toMatch(/^ {2}kept-restorable +6 object\(s\)/m);
  });

  it('refuses a retention it cannot read, deleting nothing', async () => {
    const before = await remaining(snap);
    expect(before).toHaveLength(6);
    const r = cli.run(config, ['s3clean', 'clean', '-t', snap, '--older-than', '0s', '--keep-restorable', 'forever']);
    expect(r.stderr).toContain(
      `option '--keep-restorable <all|DURATION|none>' argument 'forever' is invalid. "forever" is not a retention for restore`,
    );
    expect(r.status).toBe(2);
    expect(await remaining(snap)).toEqual(before);
  });

  it('with a window deletes exactly the snapshots before the one in effect when the window starts, and records it', async () => {
    const result = clean(snap, '--keep-restorable', '1s');
    expect(result.keepRestorable).toBe('1s');
    const before = snapIds.slice(0, 2);
    expect(deletedBy(result)).toEqual(before.flatMap(filesOf).sort());
    expect(result.summary['kept-restorable'].objects).toBe(2);
    expect(await remaining(snap)).toEqual(filesOf(snapIds[2]).sort());

    const recorded = manifestsOf(snap);
    expect(recorded.filter((m) => m.filesDeletedAt !== null).map((m) => m.id)).toEqual(before);
    const newest = createdAt(snap, snapIds[2]);
    expect(restorableInStatus(snap)).toEqual({ oldest: newest, current: true, filesCleaned: before, manifests: 3 });
    expect(restorableInGet(snap)).toEqual(restorableInStatus(snap));
    expect(runOk('watermark', 'get', '-t', snap).stdout).toContain(`Restorable from: ${newest}`);
  });

  it('with a window keeps a cursor table whole: its chain starts at its first manifest', async () => {
    const before = await remaining(orders);
    expect(before).toEqual(ordersIds.flatMap(filesOf).sort());
    expect(deletedBy(clean(orders, '--keep-restorable', '1s'))).toEqual([]);
    expect(await remaining(orders)).toEqual(before);
  });

  it('after a resync, a window lets the files from before it go: the resync started a new chain', async () => {
    expect(manifestsOf(events).map((m) => m.status)).toEqual(['superseded', 'superseded', 'loaded']);
    expect(deletedBy(clean(events))).toEqual([]);
    const result = clean(events, '--keep-restorable', '1s');
    expect(deletedBy(result)).toEqual(eventsIds.slice(0, 2).flatMap(filesOf).sort());
    expect(await remaining(events)).toEqual(filesOf(eventsIds[2]).sort());
    expect(restorableInStatus(events)).toMatchObject({ oldest: createdAt(events, eventsIds[2]), current: true });
  });

  it('with none deletes loaded files as before, warns, and status says the table can no longer be rebuilt', async () => {
    const human = runOk('s3clean', 'clean', '-t', orders, '--older-than', '0s', '--keep-restorable', 'none').stdout;
    expect(human).toContain('--keep-restorable none: deleted files of registered manifests');
    expect(await remaining(orders)).toEqual([]);
    expect(manifestsOf(orders).map((m) => m.filesDeletedAt !== null)).toEqual([true, true, true]);
    expect(restorableInStatus(orders)).toEqual({ oldest: null, current: false, filesCleaned: ordersIds, manifests: 3 });
    const status = runOk('status').stdout;
    expect(status).toContain('RESTORABLE FROM');
    expect(status).toContain(`none (files cleaned: ${ordersIds.join(', ')})`);
    expect(runOk('watermark', 'get', '-t', orders).stdout).toContain(
      `Restorable from: none (files cleaned: ${ordersIds.join(', ')})`,
    );
    expect(runOk('manifest', 'list', '-t', orders).stdout).toMatch(
      new RegExp(`^${ordersIds[0]} .*files cleaned at \\d{4}-`, 'm'),
    );
  });
});
