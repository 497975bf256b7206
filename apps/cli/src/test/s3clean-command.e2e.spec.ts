import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { loadConfig } from '@tidemark/config';
import { createObjectStore, createS3Client, ObjectStore } from '@tidemark/object-store';
import { buildApps, RealServers, s3Settings, uniqueName } from '@tidemark/testing';
import { CliFixture } from './cli.fixture';

// Objects written before the pause are older than the threshold; the "late"
// orphan is rewritten right before each clean, so it is always younger. The
// margin covers the binary's start-up and S3's whole-second LastModified.
const THRESHOLD = '15s';
const PAUSE_MS = 16_000;
// These cases delete registered files as s3clean did before it kept what restores need (s3clean-retention.e2e.spec.ts covers that).
const NONE = ['--keep-restorable', 'none'];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const baseName = (key: string) => key.slice(key.lastIndexOf('/') + 1);
const filesOf = (manifestId: string) => [`${manifestId}.manifest.json`, `${manifestId}.parquet`];

/** Points a config written by `writeConfigFiles` at a fresh bucket of the real S3 server. */
async function useS3(config: string): Promise<void> {
  const s3 = s3Settings();
  const bucket = uniqueName('tm-s3clean').replace(/_/g, '-').toLowerCase();
  await (await createS3Client({ bucket, ...s3 })).send(new CreateBucketCommand({ Bucket: bucket }));
  const settings = Object.entries({ type: 's3', bucket, ...s3 })
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
    .join(', ');
  const file = join(config, 'tidemark.yml');
  writeFileSync(file, readFileSync(file, 'utf8').replace(/^objectStore:.*$/m, `objectStore: { ${settings} }`));
}

interface Summary {
  [reason: string]: { objects: number; bytes: number };
}

beforeAll(() => buildApps('cli'));

describe.each(['local', 's3'] as const)(
  'tidemark s3clean on the %s object store (built binary, real servers)',
  (kind) => {
    let servers: RealServers;
    let cli: CliFixture;
    let config: string;
    let store: ObjectStore;
    let tablesPrefix: string;
    let orders: string;
    let snap: string;
    const ids: Record<'loaded' | 'pending' | 'supersededSnap' | 'loadedSnap' | 'pendingSnap', string> = {
      loaded: '',
      pending: '',
      supersededSnap: '',
      loadedSnap: '',
      pendingSnap: '',
    };

    const run = (...args: string[]) => cli.run(config, args);
    function runOk(...args: string[]) {
      const r = run(...args);
      if (r.status !== 0) throw new Error(`tidemark ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
      return r;
    }
    const manifestsOf = (table: string): { id: string; status: string }[] =>
      JSON.parse(runOk('watermark', 'get', '-t', table, '--show-files', '--json').stdout).manifests;
    const seen = new Set<string>();
    /** Runs a sync of one table and returns the id of the one manifest it registered. */
    function syncOneManifest(table: string, ...flags: string[]): string {
      runOk('sync', '-t', table, ...flags);
      const fresh = manifestsOf(table).filter((m) => !seen.has(m.id));
      expect(fresh).toHaveLength(1);
      seen.add(fresh[0].id);
      return fresh[0].id;
    }

    /** `<table>/<file name>` of every object under the database's folders (day folders left out). */
    async function remaining(): Promise<string[]> {
      const keys: string[] = [];
      for await (const o of store.list(tablesPrefix)) {
        keys.push(`${o.key.slice(tablesPrefix.length).split('/')[0]}/${baseName(o.key)}`);
      }
      return keys.sort();
    }
    async function sizes(): Promise<Map<string, number>> {
      const out = new Map<string, number>();
      for await (const o of store.list(tablesPrefix)) out.set(baseName(o.key), o.bytes);
      return out;
    }
    const bytesOf = async (names: string[]) => {
      const s = await sizes();
      return names.reduce((n, name) => n + (s.get(name) ?? NaN), 0);
    };
    const touchLateOrphan = () => store.putBytes(`${tablesPrefix}orders/2020/01/02/late-00001.parquet`, 'PAR1 late');
    const deletedBy = (result: { objects: { key: string; reason: string }[] }) =>
      result.objects
        .filter((o) => o.reason === 'deleted')
        .map((o) => baseName(o.key))
        .sort();

    let before: string[];

    beforeAll(async () => {
      servers = await RealServers.open('tm_s3clean');
      const { db } = servers;
      orders = `${db.database}.orders`;
      snap = `${db.database}.snap`;
      cli = new CliFixture();
      config = cli.writeConfig(kind, {
        pipelines: { default: `connection: default\ntables:\n  ${snap}: { strategy: full_sync }\n` },
      });
      if (kind === 's3') await useS3(config);
      const loaded = loadConfig(config);
      store = createObjectStore(loaded.objectStore);
      tablesPrefix = `${loaded.objectStore.prefix}/default/default/${db.database}/`;

      await db.exec('CREATE TABLE orders (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, total DECIMAL(10,2))');
      await db.exec('CREATE TABLE snap (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, label VARCHAR(20))');
      await db.exec(
        "INSERT INTO orders VALUES (1, '2025-08-01 10:00:00.000001', 9.99), (2, '2025-08-01 10:00:00.000002', 0.01)",
      );
      await db.exec("INSERT INTO snap VALUES (1, '2025-08-01 10:00:00', 'a'), (2, '2025-08-01 10:00:00', 'b')");

      ids.loaded = syncOneManifest(orders);
      await db.exec("INSERT INTO orders VALUES (3, '2025-08-02 10:00:00', 3.00)");
      ids.pending = syncOneManifest(orders, '--backup-only');
      // Two snapshots waiting: loading keeps the newer and supersedes the older.
      ids.supersededSnap = syncOneManifest(snap, '--backup-only');
      ids.loadedSnap = syncOneManifest(snap, '--backup-only');
      runOk('sync', '-t', snap, '--redshift-only');
      ids.pendingSnap = syncOneManifest(snap, '--backup-only');
      // What a crash between upload and commit leaves, and a table tidemark has never synced.
      await store.putBytes(`${tablesPrefix}orders/2020/01/01/crashed-00001.parquet`, 'PAR1 crashed');
      await store.putBytes(`${tablesPrefix}orders/2020/01/01/crashed-00001.manifest.json`, '{"id":"crashed-00001"}');
      await store.putBytes(`${tablesPrefix}orders_old/2020/01/01/old-00001.parquet`, 'PAR1 other table');
      before = await remaining();
    }, 300_000); // eleven runs of the binary against MariaDB and PostgreSQL

    afterAll(async () => {
      await servers?.close();
      cli?.remove();
    });

    it('starts from the state the syncs and the crash left', () => {
      expect(before).toEqual(
        [
          ...[ids.loaded, ids.pending, 'crashed-00001'].flatMap(filesOf).map((f) => `orders/${f}`),
          'orders_old/old-00001.parquet',
          ...[ids.supersededSnap, ids.loadedSnap, ids.pendingSnap].flatMap(filesOf).map((f) => `snap/${f}`),
        ].sort(),
      );
    });

    it('lists each object of a table with its size, date and status', async () => {
      const r = runOk('s3clean', 'list', '-t', orders, '--json');
      const listed = JSON.parse(r.stdout);
      expect(listed.table).toBe(orders);
      const s = await sizes();
      const rows = listed.objects.map(
        (o: { key: string; status: string; manifestId: string | null; bytes: number }) => [
          baseName(o.key),
          o.status,
          o.manifestId,
          o.bytes === s.get(baseName(o.key)),
        ],
      );
      expect(rows.sort()).toEqual(
        [
          ...filesOf(ids.loaded).map((f) => [f, 'loaded', ids.loaded, true]),
          ...filesOf(ids.pending).map((f) => [f, 'pending', ids.pending, true]),
          ...filesOf('crashed-00001').map((f) => [f, 'orphaned', null, true]),
        ].sort(),
      );
      const snapStatuses = JSON.parse(runOk('s3clean', 'list', '-t', snap, '--json').stdout).objects.map(
        (o: { key: string; status: string }) => [baseName(o.key), o.status],
      );
      expect(snapStatuses.sort()).toEqual(
        [
          ...filesOf(ids.supersededSnap).map((f) => [f, 'superseded']),
          ...filesOf(ids.loadedSnap).map((f) => [f, 'loaded']),
          ...filesOf(ids.pendingSnap).map((f) => [f, 'pending']),
        ].sort(),
      );
    });

    it('writes nothing to stderr when nothing is wrong (on S3, no AWS SDK notice about Node versions)', () => {
      expect(runOk('s3clean', 'list', '-t', orders).stderr).toBe('');
    });

    it('prints the list for people: dates by default, full times with --show-timestamps, totals per status', () => {
      const today = new Date().toISOString().slice(0, 10);
      const plain = runOk('s3clean', 'list', '-t', orders).stdout;
      expect(plain).toContain(`default / ${orders}: 6 object(s)`);
      expect(plain).toMatch(new RegExp(`^orphaned +\\S+ B +${today} +- +2020/01/01/crashed-00001\\.parquet$`, 'm'));
      expect(plain).toMatch(
        new RegExp(`^pending +.+ ${today} +${ids.pending} +\\d{4}/\\d\\d/\\d\\d/${ids.pending}\\.parquet$`, 'm'),
      );
      expect(plain).toMatch(
        /^loaded 2 object\(s\), .+; pending 2 object\(s\), .+; superseded 0 object\(s\), 0 B; orphaned 2 object\(s\), 34 B$/m,
      );
      const timed = runOk('s3clean', 'list', '-t', orders, '--show-timestamps').stdout;
      expect(timed).toContain('MODIFIED (UTC)');
      expect(timed).toMatch(
        new RegExp(
          `^orphaned +\\S+ B +${today} \\d\\d:\\d\\d:\\d\\d\\.\\d{3} +- +2020/01/01/crashed-00001\\.parquet$`,
          'm',
        ),
      );
    });

    describe('refuses bad input with one clear error, deleting nothing', () => {
      it.each([
        [
          'an unparsable --older-than',
          () => ['clean', '-t', orders, '--older-than', '7days'],
          2,
          /error: option '--older-than <duration>' argument '7days' is invalid\. "7days" is not a duration: use a whole number and one unit s, m, h, d or w \(e\.g\. 30s, 7d\)/,
        ],
        [
          'clean without --older-than or --yes (the old form needs its confirmation)',
          () => ['clean', '-t', orders],
          1,
          /^error: cleaning without --older-than takes objects of every age: add --yes to confirm, or give --older-than DURATION\n$/,
        ],
        [
          'an unknown table',
          () => ['clean', '-t', `${orders}_nope`, '--older-than', '0s'],
          1,
          /^error: table tm_s3clean_\w+\.orders_nope has no watermark in pipeline "default": it has never been synced, so none of its files are known\n$/,
        ],
        [
          'an unknown table to list',
          () => ['list', '-t', `${orders}_old`],
          1,
          /^error: table tm_s3clean_\w+\.orders_old has no watermark in pipeline "default"/,
        ],
        [
          'an unknown pipeline',
          () => ['clean-all', '-p', 'nope', '--older-than', '0s'],
          1,
          /^error: pipeline "nope" is not defined in config\/pipelines\//,
        ],
        [
          'an empty pattern',
          () => ['clean-all', '--older-than', '0s', '--pattern', ''],
          1,
          /^error: --pattern is empty/,
        ],
      ])('%s', async (_what, args, code, message) => {
        const r = run('s3clean', ...args());
        expect(r.stderr).toMatch(message);
        expect(r.status).toBe(code);
        expect(await remaining()).toEqual(before);
      });
    });

    describe(`after the objects above are older than ${THRESHOLD}`, () => {
      beforeAll(() => sleep(PAUSE_MS));

      it('--dry-run names what would go and deletes nothing', async () => {
        await touchLateOrphan();
        const r = runOk('s3clean', 'clean', '-t', orders, '--older-than', THRESHOLD, ...NONE, '--dry-run', '--json');
        const result = JSON.parse(r.stdout);
        expect(result.dryRun).toBe(true);
        const wouldGo = [...filesOf(ids.loaded), ...filesOf('crashed-00001')];
        expect(deletedBy(result)).toEqual(wouldGo.sort());
        expect(result.summary).toEqual({
          deleted: { objects: 4, bytes: await bytesOf(wouldGo) },
          'kept-pending': { objects: 2, bytes: await bytesOf(filesOf(ids.pending)) },
          'kept-newer-than-threshold': { objects: 1, bytes: 9 },
          'kept-restorable': { objects: 0, bytes: 0 },
          'kept-not-matching-pattern': { objects: 0, bytes: 0 },
        });
        expect(await remaining()).toEqual([...before, 'orders/late-00001.parquet'].sort());

        const human = runOk('s3clean', 'clean', '-t', orders, '--older-than', THRESHOLD, ...NONE, '--dry-run').stdout;
        expect(human).toContain(
          `default / ${orders} (${tablesPrefix}orders/): older than ${THRESHOLD}, keep restorable: none, dry run`,
        );
        expect(human).toMatch(/^ {2}would delete {2}orphaned {2}12 B {2}2020\/01\/01\/crashed-00001\.parquet$/m);
        expect(human).toMatch(/^ {2}would delete +4 object\(s\) +\S+ K?i?B$/m);
        expect(await remaining()).toEqual([...before, 'orders/late-00001.parquet'].sort());
      });

      it('--pattern deletes only the old objects whose key matches it', async () => {
        await touchLateOrphan();
        const r = runOk(
          's3clean',
          'clean',
          '-t',
          orders,
          '--older-than',
          THRESHOLD,
          '--pattern',
          'crashed-*',
          '--json',
        );
        const result = JSON.parse(r.stdout);
        expect(deletedBy(result)).toEqual(filesOf('crashed-00001').sort());
        expect(result.summary['deleted']).toEqual({ objects: 2, bytes: 12 + 22 });
        expect(result.summary['kept-not-matching-pattern'].objects).toBe(5);
        expect(await remaining()).toEqual(
          [...before.filter((k) => !k.startsWith('orders/crashed-')), 'orders/late-00001.parquet'].sort(),
        );
      });

      it('deletes a loaded manifest and its files, keeps the pending one and newer objects, and says so', async () => {
        await touchLateOrphan();
        const sizeOfLoaded = await bytesOf(filesOf(ids.loaded));
        const sizeOfPending = await bytesOf(filesOf(ids.pending));
        const r = runOk('s3clean', 'clean', '-t', orders, '--older-than', THRESHOLD, ...NONE);
        expect(r.stdout).toMatch(
          new RegExp(`^ {2}deleted {2}loaded {2}.+ \\d{4}/\\d\\d/\\d\\d/${ids.loaded}\\.parquet$`, 'm'),
        );
        const summary = r.stdout.split('\n').slice(-6).join('\n');
        expect(summary).toMatch(/^ {2}deleted {20}2 object\(s\) {2}\S+ K?i?B$/m);
        expect(summary).toMatch(/^ {2}kept-pending {15}2 object\(s\)/m);
        expect(summary).toMatch(/^ {2}kept-newer-than-threshold {2}1 object\(s\) {2}9 B$/m);
        expect(summary).toMatch(/^ {2}kept-restorable {12}0 object\(s\) {2}0 B$/m);
        expect(summary).toMatch(/^ {2}kept-not-matching-pattern {2}0 object\(s\) {2}0 B$/m);
        expect(sizeOfLoaded).toBeGreaterThan(0);
        expect(sizeOfPending).toBeGreaterThan(0);
        expect(await remaining()).toEqual(
          [
            ...filesOf(ids.pending).map((f) => `orders/${f}`),
            'orders/late-00001.parquet',
            'orders_old/old-00001.parquet',
            ...before.filter((k) => k.startsWith('snap/')),
          ].sort(),
        );
      });

      it('clean-all cleans every synced table of the pipeline and adds the summaries up', async () => {
        await touchLateOrphan();
        const snapGone = [...filesOf(ids.supersededSnap), ...filesOf(ids.loadedSnap)];
        const snapBytes = await bytesOf(snapGone);
        const r = runOk('s3clean', 'clean-all', '--older-than', THRESHOLD, ...NONE, '--json');
        const result = JSON.parse(r.stdout);
        expect(result.tables.map((t: { table: string }) => t.table).sort()).toEqual([orders, snap].sort());
        const byTable = Object.fromEntries(result.tables.map((t: { table: string; summary: Summary }) => [t.table, t]));
        expect(deletedBy(byTable[snap])).toEqual(snapGone.sort());
        expect(deletedBy(byTable[orders])).toEqual([]);
        expect(result.summary['deleted']).toEqual({ objects: 4, bytes: snapBytes });
        expect(result.summary['kept-pending'].objects).toBe(4);
        expect(result.summary['kept-newer-than-threshold']).toEqual({ objects: 1, bytes: 9 });
        expect(await remaining()).toEqual(
          [
            ...filesOf(ids.pending).map((f) => `orders/${f}`),
            'orders/late-00001.parquet',
            'orders_old/old-00001.parquet',
            ...filesOf(ids.pendingSnap).map((f) => `snap/${f}`),
          ].sort(),
        );
      });

      it('kept the pending files whole: they still load', async () => {
        runOk('sync', '-t', orders, '--redshift-only');
        expect(manifestsOf(orders).find((m) => m.id === ids.pending)?.status).toBe('loaded');
        const rows = await servers.pg.rows(`SELECT id FROM "${servers.db.database}".orders ORDER BY id`);
        expect(rows).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
      });

      it('--force also deletes the files of a manifest that is not loaded yet', async () => {
        await touchLateOrphan();
        const r = runOk('s3clean', 'clean', '-t', snap, '--older-than', THRESHOLD, '--force', ...NONE, '--json');
        const result = JSON.parse(r.stdout);
        expect(result.force).toBe(true);
        expect(deletedBy(result)).toEqual(filesOf(ids.pendingSnap).sort());
        expect(result.summary['kept-pending'].objects).toBe(0);
        expect(await remaining()).toEqual(
          [
            ...filesOf(ids.pending).map((f) => `orders/${f}`),
            'orders/late-00001.parquet',
            'orders_old/old-00001.parquet',
          ].sort(),
        );
      });
    });
  },
);
