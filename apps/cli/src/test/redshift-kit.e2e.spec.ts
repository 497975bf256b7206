import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { createConnection } from 'mysql2/promise';
import { Client } from 'pg';
import { EMULATION_DATABASE, RedshiftEmulatorServer } from '@tidemark/redshift-emulator';
import { buildApps, makeTempDir, MYSQL, POSTGRES_URL, s3Settings, testDatabaseName, uniqueName } from '@tidemark/testing';
import { ROOT } from './cli.fixture';

const KIT = join(ROOT, 'tools/redshift-kit/run.mjs');
const KIT_VARIABLES = /^TIDEMARK_REDSHIFT_/;

/** `npm run test:redshift`'s script, without blocking this process (the emulator lives in it). */
function runKit(env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string; pid: number }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !KIT_VARIABLES.test(k)));
  const child = spawn('node', [KIT], { env: { ...clean, ...env }, cwd: ROOT });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr, pid: child.pid as number })));
}

describe('npm run test:redshift (the real-cluster kit)', () => {
  it('without its variables prints one line saying what it needs and exits 0', async () => {
    const r = await runKit({});
    expect(r.status).toBe(0);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stdout).toMatch(/^test:redshift needs TIDEMARK_REDSHIFT_URL, TIDEMARK_REDSHIFT_S3_BUCKET, TIDEMARK_REDSHIFT_IAM_ROLE .* nothing run\n$/);
  });

  describe('against the Redshift emulator and the Ceph S3 server (as a cluster would be used)', () => {
    let work: ReturnType<typeof makeTempDir>;
    let emulator: RedshiftEmulatorServer;
    let s3: S3Client;
    const bucket = uniqueName('h-emulator-kit').replace(/_/g, '-').toLowerCase();

    beforeAll(async () => {
      buildApps('cli');
      work = makeTempDir();
      const settings = s3Settings();
      emulator = await RedshiftEmulatorServer.start({ postgresUrl: POSTGRES_URL, database: testDatabaseName(EMULATION_DATABASE), s3: settings, workDir: work.path });
      s3 = new S3Client({ ...settings, forcePathStyle: true, credentials: settings });
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    });

    afterAll(async () => {
      s3?.destroy();
      await emulator?.close();
      work?.remove();
    });

    it('runs every scenario, prints a pass/fail table, and removes what it created', async () => {
      const settings = s3Settings();
      const r = await runKit({
        TIDEMARK_REDSHIFT_URL: emulator.url,
        TIDEMARK_REDSHIFT_S3_BUCKET: bucket,
        TIDEMARK_REDSHIFT_IAM_ROLE: 'arn:aws:iam::123456789012:role/tidemark-kit',
        TIDEMARK_REDSHIFT_S3_ENDPOINT: settings.endpoint,
        TIDEMARK_REDSHIFT_SKIP_BUILD: '1',
        TIDEMARK_REDSHIFT_MYSQL_HOST: MYSQL.host,
        TIDEMARK_REDSHIFT_MYSQL_PORT: String(MYSQL.port),
        TIDEMARK_REDSHIFT_MYSQL_USER: MYSQL.user,
        TIDEMARK_REDSHIFT_MYSQL_PASSWORD: MYSQL.password,
        AWS_REGION: settings.region,
        AWS_ACCESS_KEY_ID: settings.accessKeyId,
        AWS_SECRET_ACCESS_KEY: settings.secretAccessKey,
      });
      const table = r.stdout.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| scenario') && !l.startsWith('| ---'));
      const outcomes = Object.fromEntries(table.map((l) => l.split('|').map((c) => c.trim())).map((c) => [c[1], c[2]]));
      expect(Object.keys(outcomes)).toEqual([
        'type matrix',
        'merge',
        'append',
        'full_sync',
        'evolution (add column, widen VARCHAR)',
        'crash at load:before-commit, rerun converges',
        'crash at load:after-commit, rerun converges',
        'fence (a loader that lost its lease cannot commit)',
      ]);
      // A failing scenario's row carries its reason; seeing it here says why.
      expect(table.filter((l) => !/^\| [^|]+ \| pass \|/.test(l))).toEqual([]);
      expect(r.status).toBe(0);

      // Cleaned up: no objects, no warehouse schema, no MariaDB database of this run.
      expect((await s3.send(new ListObjectsV2Command({ Bucket: bucket }))).KeyCount ?? 0).toBe(0);
      const direct = new Client({ connectionString: emulator.directUrl });
      await direct.connect();
      try {
        const schemas = await direct.query('SELECT nspname FROM pg_namespace WHERE nspname LIKE $1', [`tidemark_kit_%_${r.pid}`]);
        expect(schemas.rows).toEqual([]);
      } finally {
        await direct.end();
      }
      const mysql = await createConnection(MYSQL);
      try {
        const [databases] = await mysql.query('SHOW DATABASES LIKE ?', [`tidemark\\_kit\\_%\\_${r.pid}`]);
        expect(databases).toEqual([]);
      } finally {
        await mysql.end();
      }
    }, 900_000);
  });
});
