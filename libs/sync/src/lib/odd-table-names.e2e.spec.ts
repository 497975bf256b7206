import { TidemarkConfig } from '@tidemark/config';
import { keySegment } from '@tidemark/object-store';
import { REDSHIFT_IDENTIFIERS, sanitizeIdentifier } from '@tidemark/schema';
import { makeTempDir, MysqlFixture } from '@tidemark/testing';
import { checkS3Uri } from '@tidemark/warehouse';
import { copyManifestOf } from '../test/copy-manifest.fixture';
import { SyncHarness } from '../test/sync-harness.fixture';
import { EmulatedRedshiftWorld, redshiftWarehouse } from '../test/emulated-redshift-world.fixture';
import { RedshiftEmulator } from '../test/redshift-emulator.fixture';
import { testConfig } from '../test/test-config.fixture';

/**
 * Every name a table key accepts (letters of any script, digits, `_`, `$`, up
 * to 64 characters) must reach Redshift: its files' S3 URIs go into COPY,
 * which refuses `$`, spaces and non-ASCII characters in a URI.
 */
const NAMES = [
  'price$list',
  'données_clients',
  '表格',
  // 48 bytes: with `$tidemark_fence` after it, the longest name the emulator's PostgreSQL (63 bytes) can hold
  `${'é'.repeat(20)}$${'x'.repeat(7)}`,
];
/** 64 characters, 95 bytes: Redshift holds it (127 bytes), the emulator cannot, so only its files are checked. */
const LONGEST = `${'é'.repeat(31)}$${'x'.repeat(32)}`;

describe('tables whose names S3 URIs cannot hold as they are (Redshift dialect on the emulator, real MariaDB and S3)', () => {
  let world: EmulatedRedshiftWorld;
  let db: MysqlFixture;
  let dir: ReturnType<typeof makeTempDir>;
  let emulator: RedshiftEmulator;
  let ctx: SyncHarness;

  beforeAll(async () => {
    world = await EmulatedRedshiftWorld.open('tm_odd$名');
    ({ db, dir, emulator } = world);
    const { bucket } = world;
    const config = {
      ...testConfig({ dir: dir.path, objectStore: 's3', bucket }),
      warehouse: redshiftWarehouse(),
      pipelines: {
        odd: {
          name: 'odd',
          connection: 'default',
          tables: [...NAMES, LONGEST].map((n) => ({
            key: `${db.database}.${n}`,
            strategy: 'hybrid',
            cursorColumn: 'updated_at',
            batchSize: 1000,
          })),
        },
      },
    } as TidemarkConfig;
    ctx = await SyncHarness.onEmulator(config, emulator);
    for (const name of [...NAMES, LONGEST]) {
      await db.exec(`CREATE TABLE \`${name}\` (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, note VARCHAR(20))`);
    }
  });

  afterAll(async () => {
    await ctx?.close();
    await world?.close([sanitizeIdentifier(db.database, REDSHIFT_IDENTIFIERS)]);
  });

  it.each(NAMES)(
    '%s: loads twice through COPY, the COPY manifest names only COPY-safe URIs, the target equals the source',
    async (name) => {
      const key = `${db.database}.${name}`;
      await db.insert(
        name,
        ['id', 'updated_at', 'note'],
        [
          [1, '2025-01-01 00:00:00', 'one'],
          [2, '2025-01-01 00:00:00', 'two'],
        ],
      );
      await ctx.syncTable('odd', key);
      await db.exec(`UPDATE \`${name}\` SET note = 'changed', updated_at = '2025-01-02 00:00:00' WHERE id = 2`);
      const second = await ctx.syncTable('odd', key);
      expect(second.load?.manifestsLoaded).toBe(1);

      const copies = emulator.statements.filter((s) => s.startsWith('COPY ') && s.includes(keySegment(name)));
      expect(copies.length).toBeGreaterThanOrEqual(2);
      for (const copy of copies) {
        for (const entry of (await copyManifestOf(ctx.store(), copy)).entries)
          expect(checkS3Uri(entry.url)).toBe(entry.url);
      }
      const schema = sanitizeIdentifier(db.database, REDSHIFT_IDENTIFIERS);
      const table = sanitizeIdentifier(name, REDSHIFT_IDENTIFIERS);
      const rows = await emulator.rows(`SELECT id, note FROM "${schema}"."${table}" ORDER BY id`);
      expect(rows).toEqual([
        { id: 1, note: 'one' },
        { id: 2, note: 'changed' },
      ]);
    },
  );

  it('a 64-character name: its files and manifest go under keys that are COPY-safe S3 URIs', async () => {
    await db.insert(LONGEST, ['id', 'updated_at', 'note'], [[1, '2025-01-01 00:00:00', 'one']]);
    const result = await ctx.syncTable('odd', `${db.database}.${LONGEST}`, { load: false });
    expect(result.extract?.manifestIds).toHaveLength(1);
    const [manifest] = await (
      await ctx.watermarks()
    ).pendingManifests({ pipeline: 'odd', table: `${db.database}.${LONGEST}` });
    expect(manifest.files.length).toBeGreaterThan(0);
    for (const file of manifest.files) {
      expect(file.key).toContain(`/${keySegment(LONGEST)}/`);
      expect(checkS3Uri(file.uri)).toBe(file.uri);
    }
  });
});
