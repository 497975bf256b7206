import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { TidemarkConfig } from '@tidemark/config';
import { createS3Client, keySegment } from '@tidemark/object-store';
import { REDSHIFT_IDENTIFIERS, sanitizeIdentifier } from '@tidemark/schema';
import { makeTempDir, MysqlFixture, s3Settings, uniqueName } from '@tidemark/testing';
import { checkS3Uri } from '@tidemark/warehouse';
import { EmulatedRedshiftContext } from './emulated-redshift-context.fixture';
import { RedshiftEmulator } from './redshift-emulator.fixture';
import { syncTable } from './sync-table';
import { testConfig } from './test-config.fixture';

/**
 * Every name a table key accepts (letters of any script, digits, `_`, `$`, up
 * to 64 characters) must reach Redshift: its files' S3 URIs go into COPY,
 * which refuses `$`, spaces and non-ASCII characters in a URI.
 */
const NAMES = [
  'price$list',
  'données_clients',
  '表格',
  `${'é'.repeat(31)}$${'x'.repeat(32)}`, // 64 characters, 95 bytes
];

describe('tables whose names S3 URIs cannot hold as they are (Redshift dialect on the emulator, real MariaDB and S3)', () => {
  let db: MysqlFixture;
  let dir: ReturnType<typeof makeTempDir>;
  let emulator: RedshiftEmulator;
  let ctx: EmulatedRedshiftContext;

  beforeAll(async () => {
    db = await MysqlFixture.create('tm_odd$名');
    dir = makeTempDir();
    emulator = await RedshiftEmulator.open(dir.path);
    const bucket = uniqueName('tm-odd-names').replace(/_/g, '-').toLowerCase();
    await (await createS3Client({ bucket, ...s3Settings() })).send(new CreateBucketCommand({ Bucket: bucket }));
    const config = {
      ...testConfig({ dir: dir.path, objectStore: 's3', bucket }),
      warehouse: {
        type: 'redshift',
        url: 'postgres://unused',
        redshift: { auth: { iamRole: 'arn:aws:iam::123456789012:role/tidemark-load' }, serverless: false, varcharMode: 'bytes', slices: 1 },
      },
      pipelines: {
        odd: {
          name: 'odd',
          connection: 'default',
          tables: NAMES.map((n) => ({ key: `${db.database}.${n}`, strategy: 'hybrid', cursorColumn: 'updated_at', batchSize: 1000 })),
        },
      },
    } as TidemarkConfig;
    ctx = new EmulatedRedshiftContext(config, emulator);
    for (const name of NAMES) {
      await db.exec(`CREATE TABLE \`${name}\` (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, note VARCHAR(20))`);
    }
  });

  afterAll(async () => {
    await ctx?.close();
    if (db) await emulator?.dropSchema(sanitizeIdentifier(db.database, REDSHIFT_IDENTIFIERS));
    await emulator?.close();
    await db?.drop();
    dir?.remove();
  });

  it.each(NAMES)('%s: loads twice through COPY, the COPY manifest names only COPY-safe URIs, the target equals the source', async (name) => {
    const key = `${db.database}.${name}`;
    await db.insert(name, ['id', 'updated_at', 'note'], [[1, '2025-01-01 00:00:00', 'one'], [2, '2025-01-01 00:00:00', 'two']]);
    await syncTable(ctx, 'odd', key);
    await db.exec(`UPDATE \`${name}\` SET note = 'changed', updated_at = '2025-01-02 00:00:00' WHERE id = 2`);
    const second = await syncTable(ctx, 'odd', key);
    expect(second.load?.manifestsLoaded).toBe(1);

    const copies = emulator.statements.filter((s) => s.startsWith('COPY ') && s.includes(keySegment(name)));
    expect(copies.length).toBeGreaterThanOrEqual(2);
    for (const copy of copies) {
      for (const entry of (await ctx.copyManifestOf(copy)).entries) expect(checkS3Uri(entry.url)).toBe(entry.url);
    }
    const schema = sanitizeIdentifier(db.database, REDSHIFT_IDENTIFIERS);
    const table = sanitizeIdentifier(name, REDSHIFT_IDENTIFIERS);
    const rows = await emulator.rows(`SELECT id, note FROM "${schema}"."${table}" ORDER BY id`);
    expect(rows).toEqual([
      { id: 1, note: 'one' },
      { id: 2, note: 'changed' },
    ]);
  });
});
