import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { Client } from 'pg';
import { EMULATION_DATABASE, RedshiftEmulatorServer } from '@tidemark/redshift-emulator';
import { buildApps, makeTempDir, MysqlFixture, POSTGRES_URL, s3Settings, testDatabaseName, uniqueName } from '@tidemark/testing';
import { CliFixture } from './cli.fixture';

/**
 * The built `tidemark` binary with `warehouse.type: redshift`, connected over
 * the network to the Redshift emulator (a PostgreSQL wire-protocol proxy) and
 * loading from the real S3 server: the path a Redshift user runs, end to end.
 */
describe('tidemark sync into Redshift (built binary, Redshift emulator, real S3 server)', () => {
  let db: MysqlFixture;
  let cli: CliFixture;
  let work: ReturnType<typeof makeTempDir>;
  let emulator: RedshiftEmulatorServer;
  let direct: Client;
  let config: string;

  beforeAll(async () => {
    buildApps('cli');
    db = await MysqlFixture.create('h_emulator_cli');
    cli = new CliFixture();
    work = makeTempDir();
    const s3 = s3Settings();
    emulator = await RedshiftEmulatorServer.start({ postgresUrl: POSTGRES_URL, database: testDatabaseName(EMULATION_DATABASE), s3, workDir: work.path });
    direct = new Client({ connectionString: emulator.directUrl });
    await direct.connect();
    const bucket = uniqueName('h-emulator-cli').replace(/_/g, '-').toLowerCase();
    const client = new S3Client({ ...s3, forcePathStyle: true, credentials: s3 });
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    client.destroy();
    config = cli.writeConfig('config', {
      pipelines: {
        default: `connection: default\ntables:\n  ${db.database}.orders:\n    redshift: { distKey: id, sortKey: [updated_at], encode: { note: zstd } }\n`,
      },
    });
    writeFileSync(
      join(config, 'tidemark.yml'),
      [
        'watermarkStore: { type: sqlite, path: config-state/watermarks.sqlite }',
        `objectStore: { type: s3, bucket: ${bucket}, endpoint: "${s3.endpoint}", region: ${s3.region}, accessKeyId: "${s3.accessKeyId}", secretAccessKey: "${s3.secretAccessKey}" }`,
        `warehouse: { type: redshift, url: "${emulator.url}", redshift: { iamRole: "arn:aws:iam::123456789012:role/tidemark-load" } }`,
      ].join('\n'),
    );
    await db.exec('CREATE TABLE orders (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, note VARCHAR(20), total DECIMAL(12,2))');
    await db.exec("INSERT INTO orders VALUES (1, '2025-01-01 00:00:00.000001', 'größe', 9.99), (2, '2025-01-01 00:00:00.000002', NULL, -0.01)");
  });

  afterAll(async () => {
    await direct?.query(`DROP SCHEMA IF EXISTS "${db.database}" CASCADE`);
    await direct?.query(`DROP SCHEMA IF EXISTS "${db.database}_restored" CASCADE`);
    await direct?.end();
    await emulator?.close();
    await db?.drop();
    cli?.remove();
    work?.remove();
  });

  const target = async () =>
    (await direct.query(`SELECT id, updated_at::text AS at, note, total::text FROM "${db.database}".orders ORDER BY id`)).rows;

  it('extracts to S3 and loads through COPY on the emulated cluster, then merges an update', async () => {
    const first = await cli.runAsync(config, ['sync', '-t', `${db.database}.orders`]);
    expect(first.stderr).not.toMatch(/error/i);
    expect(first.status).toBe(0);
    expect(emulator.statements.filter((s) => /^COPY .* FROM 's3:\/\/.* FORMAT AS PARQUET MANIFEST$/.test(s))).toHaveLength(1);
    expect(emulator.statements.some((s) => /DISTKEY \("id"\) SORTKEY \("updated_at"\)$/.test(s))).toBe(true);
    expect(await target()).toEqual([
      { id: 1, at: '2025-01-01 00:00:00.000001', note: 'größe', total: '9.99' },
      { id: 2, at: '2025-01-01 00:00:00.000002', note: null, total: '-0.01' },
    ]);

    await db.exec("UPDATE orders SET note = 'neu', updated_at = '2025-01-02 00:00:00' WHERE id = 2");
    const second = await cli.runAsync(config, ['sync', '-t', `${db.database}.orders`]);
    expect(second.status).toBe(0);
    expect(await target()).toEqual([
      { id: 1, at: '2025-01-01 00:00:00.000001', note: 'größe', total: '9.99' },
      { id: 2, at: '2025-01-02 00:00:00', note: 'neu', total: '-0.01' },
    ]);
  });

  it('rebuilds the dropped table from S3 by reset --redshift-only + sync --redshift-only, one COPY for its manifests', async () => {
    const synced = await target();
    await direct.query(`DROP TABLE "${db.database}".orders`);
    expect((await cli.runAsync(config, ['watermark', 'reset', '-t', `${db.database}.orders`, '--redshift-only', '--yes'])).status).toBe(0);
    const copies = emulator.statements.filter((s) => s.startsWith('COPY ')).length;
    const reload = await cli.runAsync(config, ['sync', '--redshift-only', '-t', `${db.database}.orders`]);
    expect(reload.stderr).not.toMatch(/error/i);
    expect(reload.status).toBe(0);
    expect(reload.stdout).toMatch(/rebuilt from the object store: 3 rows from 2 manifest\(s\)/);
    expect(await target()).toEqual(synced);
    expect(emulator.statements.filter((s) => s.startsWith('COPY ')).length - copies).toBe(1);
  });

  it('restores the table as of before the update into another table on the emulated cluster', async () => {
    const history = await cli.runAsync(config, ['manifest', 'list', '-t', `${db.database}.orders`, '--json']);
    const [first] = (JSON.parse(history.stdout) as { createdAt: string }[]).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    const into = `${db.database}_restored.orders_then`;
    const restore = await cli.runAsync(config, ['restore', '-t', `${db.database}.orders`, '--as-of', first.createdAt, '--into', into]);
    expect(restore.stderr).not.toMatch(/error/i);
    expect(restore.status).toBe(0);
    const rows = await direct.query(`SELECT id, updated_at::text AS at, note, total::text FROM "${db.database}_restored".orders_then ORDER BY id`);
    expect(rows.rows).toEqual([
      { id: 1, at: '2025-01-01 00:00:00.000001', note: 'größe', total: '9.99' },
      { id: 2, at: '2025-01-01 00:00:00.000002', note: null, total: '-0.01' },
    ]);
  });
});
