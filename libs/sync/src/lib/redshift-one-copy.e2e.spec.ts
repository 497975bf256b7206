import { TableConfig, TidemarkConfig } from '@tidemark/config';
import { makeTempDir, MysqlFixture } from '@tidemark/testing';
import { copyManifestOf } from '../test/copy-manifest.fixture';
import { SyncHarness } from '../test/sync-harness.fixture';
import { EmulatedRedshiftWorld, redshiftWarehouse } from '../test/emulated-redshift-world.fixture';
import { RedshiftEmulator } from '../test/redshift-emulator.fixture';
import { testConfig } from '../test/test-config.fixture';

/** What the loader sends that is not the load's own SQL: transaction control and the pool's connection setup. */
const NOT_LOAD_SQL = /^(BEGIN|COMMIT|ROLLBACK)$|^SET statement_timeout/i;

describe('One COPY per load on Redshift (Redshift emulator, real S3 server)', () => {
  let world: EmulatedRedshiftWorld;
  let db: MysqlFixture;
  let dir: ReturnType<typeof makeTempDir>;
  let emulator: RedshiftEmulator;
  let bucket: string;

  const configFor = (tables: TableConfig[]): TidemarkConfig =>
    ({
      ...testConfig({ dir: dir.path, objectStore: 's3', bucket }),
      warehouse: redshiftWarehouse(),
      pipelines: { default: { name: 'default', connection: 'default', tables } },
    }) as TidemarkConfig;
  const table = (name: string, more: Partial<TableConfig> = {}) => world.table(name, more);

  /** `rounds` extractions, each changing row 1 and adding a row: one pending manifest each. Returns their ids. */
  async function extractRounds(ctx: SyncHarness, name: string, rounds: number, from: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = from; i < from + rounds; i++) {
      const at = `2025-02-01 00:00:${String(i).padStart(2, '0')}`;
      await db.exec(`UPDATE ${name} SET v = 'v${i}', updated_at = '${at}' WHERE id = 1`);
      await db.exec(`INSERT INTO ${name} VALUES (${100 + i}, '${at}', 'new${i}')`);
      const { extract } = await ctx.syncTable('default', `${db.database}.${name}`, { load: false });
      expect(extract?.manifestIds).toHaveLength(1);
      ids.push(...(extract?.manifestIds ?? []));
    }
    return ids;
  }

  /** Loads what is pending; returns the result and the statements the emulator saw the loader send. */
  async function load(ctx: SyncHarness, name: string) {
    const from = emulator.statements.length;
    const { load: result } = await ctx.syncTable('default', `${db.database}.${name}`, { extract: false });
    const all = emulator.statements.slice(from);
    return {
      result,
      sent: all.filter((s) => !NOT_LOAD_SQL.test(s)),
      transactions: all.filter((s) => /^BEGIN$/i.test(s)).length,
    };
  }

  beforeAll(async () => {
    world = await EmulatedRedshiftWorld.open('tm_rs_onecopy');
    ({ db, dir, emulator, bucket } = world);
  });

  afterAll(async () => {
    await world?.close();
  });

  it('merges 3 and then 5 manifests with ONE COPY each, in the same number of statements, newest version per key', async () => {
    await db.exec('CREATE TABLE items (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, v VARCHAR(10))');
    await db.exec("INSERT INTO items VALUES (1, '2025-01-01', 'v0'), (2, '2025-01-01', 'kept')");
    const ctx = await SyncHarness.onEmulator(configFor([table('items')]), emulator);
    const costs: number[] = [];
    try {
      await ctx.syncTable('default', `${db.database}.items`);
      let round = 1;
      for (const n of [3, 5]) {
        const ids = await extractRounds(ctx, 'items', n, round);
        round += n;
        const { result, sent, transactions } = await load(ctx, 'items');
        expect(result).toMatchObject({ manifestsLoaded: n, rowsStaged: 2 * n });
        const copies = sent.filter((s) => s.startsWith('COPY '));
        expect(copies).toHaveLength(1);
        // The one COPY manifest lists every file of the n manifests.
        const entries = (await copyManifestOf(ctx.store(), copies[0])).entries.map((e) => e.url).sort();
        const manifests = await Promise.all(ids.map((id) => ctx.store().getBytes(manifestKeyOf(copies[0], id))));
        const files = manifests.flatMap((m) =>
          (JSON.parse(m.toString('utf8')) as { files: { uri: string }[] }).files.map((f) => f.uri),
        );
        expect(entries).toEqual(files.sort());
        // What the load reports is what the warehouse saw.
        expect(result?.warehouseCost).toEqual({
          statements: sent.length,
          roundTrips: sent.length + 2 * transactions,
          copies: 1,
          transactions,
        });
        costs.push(sent.length);
      }
    } finally {
      await ctx.close();
    }
    expect(costs[1]).toBe(costs[0]);
    const rows = await emulator.rows<{ id: number; v: string }>(
      `SELECT id, v FROM "${db.database}"."items" ORDER BY id`,
    );
    expect(rows).toEqual([
      { id: 1, v: 'v8' },
      { id: 2, v: 'kept' },
      ...Array.from({ length: 8 }, (_, i) => ({ id: 101 + i, v: `new${i + 1}` })),
    ]);
  });

  it('appends 3 manifests with one COPY and one INSERT, each row with its own manifest id', async () => {
    await db.exec('CREATE TABLE history (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, v VARCHAR(10))');
    await db.exec("INSERT INTO history VALUES (1, '2025-01-01', 'v0')");
    const ctx = await SyncHarness.onEmulator(configFor([table('history', { loadMode: 'append' })]), emulator);
    let ids: string[];
    try {
      await ctx.syncTable('default', `${db.database}.history`);
      ids = await extractRounds(ctx, 'history', 3, 1);
      const { result, sent } = await load(ctx, 'history');
      expect(result).toMatchObject({ manifestsLoaded: 3, rowsStaged: 6 });
      expect(sent.filter((s) => s.startsWith('COPY '))).toHaveLength(1);
      expect(sent.filter((s) => s.startsWith(`INSERT INTO "${db.database}"."history"`))).toHaveLength(1);
    } finally {
      await ctx.close();
    }
    const rows = await emulator.rows<{ id: number; v: string; m: string }>(
      `SELECT id, v, "_tidemark_manifest" AS m FROM "${db.database}"."history" WHERE v <> 'v0' ORDER BY updated_at, id`,
    );
    expect(rows).toEqual([
      { id: 1, v: 'v1', m: ids[0] },
      { id: 101, v: 'new1', m: ids[0] },
      { id: 1, v: 'v2', m: ids[1] },
      { id: 102, v: 'new2', m: ids[1] },
      { id: 1, v: 'v3', m: ids[2] },
      { id: 103, v: 'new3', m: ids[2] },
    ]);
  });
});

/** A manifest's own JSON sits next to the COPY manifest (same day, same table) as `<id>.manifest.json`. */
function manifestKeyOf(copy: string, id: string): string {
  const key = /FROM 's3:\/\/[^/]+\/([^']+)'/.exec(copy)?.[1] ?? '';
  return `${key.slice(0, key.lastIndexOf('/'))}/${id}.manifest.json`;
}
