import { EmulatedRedshiftWorld } from '../test/emulated-redshift-world.fixture';
import { extractWaitsForALoad } from '../test/hooked-watermarks.fixture';
import { SyncHarness } from '../test/sync-harness.fixture';

const ROWS = 12_000;

/** ADR 0036 on the Redshift path (the emulator, over the network): loads follow the extract, in manifest order. */
describe('the load follows the extract into Redshift (emulator)', () => {
  let world: EmulatedRedshiftWorld;
  let ctx: SyncHarness;

  beforeAll(async () => {
    world = await EmulatedRedshiftWorld.open('overlap_rs');
    const config = world.config({ p: { name: 'p', connection: 'default', tables: [world.table('orders')] } });
    const gate = extractWaitsForALoad();
    ctx = await SyncHarness.onEmulator(
      { ...config, extract: { ...config.extract, targetFileBytes: 65_536 } },
      world.emulator,
      { watermarks: gate.wrap },
    );
  });

  afterAll(async () => {
    await ctx?.close();
    await world?.close();
  });

  it('loads the first manifests while the extract commits the rest, each once, and ends equal to the source', async () => {
    const { db, emulator } = world;
    await db.exec(
      'CREATE TABLE orders (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, payload CHAR(64) NOT NULL)',
    );
    await db.exec(
      `INSERT INTO orders SELECT seq, TIMESTAMP('2025-01-01') + INTERVAL seq SECOND, SHA2(seq, 256)
         FROM seq_1_to_1000000 WHERE seq <= ?`,
      [ROWS],
    );
    await db.exec('UPDATE orders SET payload = SHA2(CONCAT(payload, id), 256) WHERE id % 7 = 0');

    const [outcome] = await ctx.runPipeline('p');
    expect(outcome).toMatchObject({ status: 'success' });
    const manifests = outcome.result?.extract?.manifestIds ?? [];
    expect(manifests.length).toBeGreaterThan(3);
    expect(outcome.result?.load).toMatchObject({ manifestsLoaded: manifests.length, rowsStaged: ROWS });

    const summaries = (await (await ctx.watermarks()).manifests({ pipeline: 'p', table: `${db.database}.orders` })).sort(
      (a, b) => a.id.localeCompare(b.id),
    );
    expect(summaries.every((m) => m.status === 'loaded')).toBe(true);
    expect(Date.parse(summaries[0].loadedAt as string)).toBeLessThan(Date.parse(summaries[summaries.length - 1].createdAt));
    const loadedAt = summaries.map((m) => Date.parse(m.loadedAt as string));
    expect(loadedAt).toEqual([...loadedAt].sort((a, b) => a - b));

    const source = await db.rows<{ n: string; payloads: string }>(
      'SELECT COUNT(*) AS n, SHA2(GROUP_CONCAT(payload ORDER BY id SEPARATOR \',\'), 256) AS payloads FROM orders',
    );
    const target = await emulator.rows<{ n: string; payloads: string }>(
      `SELECT COUNT(*)::text AS n, encode(sha256(convert_to(string_agg(payload, ',' ORDER BY id), 'UTF8')), 'hex') AS payloads
         FROM "${db.database}"."orders"`,
    );
    expect(target).toEqual([{ n: String(source[0].n), payloads: source[0].payloads }]);
  });
});
