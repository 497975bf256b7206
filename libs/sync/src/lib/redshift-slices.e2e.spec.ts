import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { TidemarkConfig } from '@tidemark/config';
import { digestRows, makeTempDir, MysqlFixture, mysqlDigest, POSTGRES_URL } from '@tidemark/testing';
import { copyManifestOf } from '../test/copy-manifest.fixture';
import { SyncHarness } from '../test/sync-harness.fixture';
import { EmulatedRedshiftWorld } from '../test/emulated-redshift-world.fixture';
import { RedshiftEmulator } from '../test/redshift-emulator.fixture';
import { testConfig } from '../test/test-config.fixture';

const ROWS = 24_000;
const COLUMNS = ['id', 'updated_at', 'body'];

describe('Redshift COPY files as a multiple of the cluster slices (Redshift emulator, real S3 server)', () => {
  let world: EmulatedRedshiftWorld;
  let db: MysqlFixture;
  let dir: ReturnType<typeof makeTempDir>;
  let emulator: RedshiftEmulator;
  let bucket: string;

  const tableKey = () => `${db.database}.wide`;
  const configFor = (warehouse: TidemarkConfig['warehouse']): TidemarkConfig => ({
    ...testConfig({ dir: dir.path, objectStore: 's3', bucket }),
    warehouse,
    pipelines: {
      default: {
        name: 'default',
        connection: 'default',
        tables: [{ key: tableKey(), strategy: 'hybrid', cursorColumn: 'updated_at', batchSize: 5000 }],
      },
    },
  });

  beforeAll(async () => {
    world = await EmulatedRedshiftWorld.open('tm_rs_slices');
    ({ db, dir, emulator, bucket } = world);
    await db.exec(
      'CREATE TABLE wide (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, body VARCHAR(1000) NOT NULL)',
    );
    // Random hex compresses about 2:1: one flush of ~20 MB raw, files of a few MiB each.
    const rows = Array.from({ length: ROWS }, (_, i) => [
      i + 1,
      `2025-03-01 00:00:${String(i % 60).padStart(2, '0')}.${String(i).padStart(6, '0')}`,
      randomBytes(400).toString('hex'),
    ]);
    await db.insert('wide', COLUMNS, rows, 2000);
  });

  afterAll(async () => {
    await world?.close();
  });

  it('with slices: 4, COPY loads one manifest of 4 files, and the target equals the source', async () => {
    const ctx = await SyncHarness.onEmulator(
      configFor({
        type: 'redshift',
        url: 'postgres://unused',
        redshift: {
          auth: { iamRole: 'arn:aws:iam::123456789012:role/tidemark-load' },
          serverless: false,
          varcharMode: 'bytes',
          slices: 4,
        },
      }),
      emulator,
    );
    try {
      const result = await ctx.syncTable('default', tableKey());
      expect(result.extract).toMatchObject({ rows: ROWS, files: 4 });
      expect(result.extract?.manifestIds).toHaveLength(1);
      expect(result.load).toMatchObject({ manifestsLoaded: 1, rowsStaged: ROWS });

      const copies = emulator.statements.filter((s) => s.startsWith('COPY '));
      expect(copies).toHaveLength(1);
      const copyManifest = await copyManifestOf(ctx.store(), copies[0]);
      expect(copyManifest.entries).toHaveLength(4);
      expect(copyManifest.entries.length % 4).toBe(0);
      const sizes = copyManifest.entries.map((e) => e.meta.content_length);
      expect(Math.max(...sizes) / Math.min(...sizes)).toBeLessThan(1.05);
      expect(new Set(copyManifest.entries.map((e) => e.url)).size).toBe(4);
    } finally {
      await ctx.close();
    }
    const target = await emulator.rows<Record<string, unknown>>(
      `SELECT id, to_char(updated_at, 'YYYY-MM-DD HH24:MI:SS.US') AS updated_at, body FROM "${db.database}"."wide"`,
    );
    expect(digestRows(target, COLUMNS)).toEqual(await mysqlDigest(db, 'wide', COLUMNS));
  });

  it('on PostgreSQL the same table extracts as one file per flush', async () => {
    // Its own watermark store, so the table is read from the start again.
    const config = configFor({ type: 'postgres', url: POSTGRES_URL });
    const ctx = await SyncHarness.open({
      ...config,
      watermarkStore: { type: 'sqlite', path: join(dir.path, 'postgres-watermarks.sqlite') },
    });
    try {
      const result = await ctx.syncTable('default', tableKey(), { load: false });
      expect(result.extract).toMatchObject({ rows: ROWS, files: 1 });
    } finally {
      await ctx.close();
    }
  });
});
