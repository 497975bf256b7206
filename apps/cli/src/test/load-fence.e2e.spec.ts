import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { Client } from 'pg';
import { pausedMarker, RESUME_SIGNAL } from '@tidemark/fault-injection';
import { EMULATION_DATABASE, RedshiftEmulatorServer } from '@tidemark/redshift-emulator';
import { makeTempDir, MysqlFixture, POSTGRES_URL, PostgresFixture, s3Settings, testDatabaseName, uniqueName, waitUntil } from '@tidemark/testing';
import { openWatermarkDataSource, WatermarkStore } from '@tidemark/watermark-store';
import { CliFixture, CliWorld, RunningCli } from './cli.fixture';

/**
 * ADR 0017, on the built binary: loader A is frozen (SIGSTOP) inside its
 * load transaction, staged and merged, until its lease has expired; loader B
 * takes the lease and loads the same manifest; then A is thawed. A's commit
 * must fail with the lease-lost error, and the target must hold every row
 * once. In merge mode B blocks on A's row locks meanwhile, so A resumes
 * while B waits on it: the interleaving ADR 0017 makes safe. Run on
 * PostgreSQL, and on the Redshift emulator (SERIALIZABLE, Redshift's SQL).
 */
const TTL_SECONDS = 3;
const FAST_LEASES = { TIDEMARK_LEASE_TTL_SECONDS: String(TTL_SECONDS) };
const ROWS = 500;

/** Where the binary loads: its tidemark.yml lines (object store and warehouse), and a client on the tables it writes. */
interface Target {
  yml: string;
  client: Client;
  close(): Promise<void>;
}

async function postgresTarget(): Promise<Target> {
  const client = new Client({ connectionString: POSTGRES_URL });
  await client.connect();
  return {
    yml: ['objectStore: { type: local, directory: config-state/objects }', `warehouse: { type: postgres, url: "${POSTGRES_URL}" }`].join('\n'),
    client,
    close: () => client.end(),
  };
}

/** The Redshift emulator (in this process, so the binary must be run without blocking it) and an S3 bucket. */
async function emulatedRedshiftTarget(): Promise<Target> {
  const work = makeTempDir();
  const s3 = s3Settings();
  const emulator = await RedshiftEmulatorServer.start({ postgresUrl: POSTGRES_URL, database: testDatabaseName(EMULATION_DATABASE), s3, workDir: work.path });
  const client = new Client({ connectionString: emulator.directUrl });
  await client.connect();
  const bucket = uniqueName('h-fence-cli').replace(/_/g, '-').toLowerCase();
  const s3Client = new S3Client({ ...s3, forcePathStyle: true, credentials: s3 });
  await s3Client.send(new CreateBucketCommand({ Bucket: bucket }));
  s3Client.destroy();
  return {
    yml: [
      `objectStore: { type: s3, bucket: ${bucket}, endpoint: "${s3.endpoint}", region: ${s3.region}, accessKeyId: "${s3.accessKeyId}", secretAccessKey: "${s3.secretAccessKey}" }`,
      `warehouse: { type: redshift, url: "${emulator.url}", redshift: { iamRole: "arn:aws:iam::123456789012:role/tidemark-load" } }`,
    ].join('\n'),
    client,
    close: async () => {
      await client.end();
      await emulator.close();
      work.remove();
    },
  };
}

describe.each([
  ['PostgreSQL', postgresTarget],
  ['the Redshift emulator', emulatedRedshiftTarget],
])('a loader that lost its lease inside its load transaction cannot commit (built binary, %s)', (_name, openTarget) => {
  const world = new CliWorld();
  let db: MysqlFixture;
  let pg: PostgresFixture;
  let cli: CliFixture;
  let config: string;
  let target: Target;

  beforeAll(async () => {
    ({ db, pg, cli } = await world.open('tm_fence'));
    target = await openTarget();
    config = cli.writeConfig('config', {
      pipelines: {
        default:
          `connection: default\ntables:\n` +
          `  ${db.database}.events:\n    loadMode: append\n` +
          `  ${db.database}.items:\n    loadMode: merge\n`,
      },
    });
    for (const table of ['events', 'items']) {
      await db.exec(`CREATE TABLE ${table} (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, v INT)`);
      await db.exec(`INSERT INTO ${table} SELECT seq, '2025-01-01', seq FROM seq_1_to_${ROWS}`);
    }
    writeFileSync(
      join(config, 'tidemark.yml'),
      ['watermarkStore: { type: sqlite, path: config-state/watermarks.sqlite }', target.yml].join('\n'),
    );
  });

  afterAll(async () => {
    await target?.client.query(`DROP SCHEMA IF EXISTS "${db.database}" CASCADE`);
    await target?.close();
    await world.close();
  });

  const key = (table: string) => `${db.database}.${table}`;
  const pending = async (table: string) => {
    const source = await openWatermarkDataSource({ type: 'sqlite', path: join(cli.dir.path, 'config-state/watermarks.sqlite') });
    try {
      return await new WatermarkStore(source).pendingManifests({ pipeline: 'default', table: key(table) });
    } finally {
      await source.destroy();
    }
  };
  const rows = async <T>(sql: string, params: unknown[] = []) => (await target.client.query(sql, params)).rows as T[];
  const count = async (sql: string) => Number((await rows<{ n: string }>(sql))[0].n);
  /** A statement of this spec's schema waits on a lock (B behind A's row locks); the server sees the emulator's statements too. */
  const waitsOnLock = async () =>
    Number(
      (
        await pg.rows<{ n: string }>(
          `SELECT COUNT(*)::text AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%"${db.database}"%'`,
        )
      )[0].n,
    ) > 0;

  /** Loader A, paused at load:before-commit and then frozen. */
  async function frozenInsideTransaction(table: string): Promise<RunningCli> {
    const a = cli.start(config, ['sync', '--redshift-only', '-t', key(table)], {
      TIDEMARK_FAULT_POINT: 'load:before-commit',
      TIDEMARK_FAULT_ACTION: 'pause',
      ...FAST_LEASES,
    });
    await waitUntil(() => a.stderr.includes(pausedMarker('load:before-commit')) || !a.running, 120_000);
    expect({ running: a.running, stderr: a.stderr }).toEqual({ running: true, stderr: expect.stringContaining('tidemark-fault-point') });
    a.signal('SIGSTOP');
    return a;
  }

  it.each([
    ['append', 'events'],
    ['merge', 'items'],
  ])('%s mode: the stale loader fails at its commit, the new one loads, every row is there once', async (_mode, table) => {
    expect((await cli.runAsync(config, ['sync', '--backup-only', '-t', key(table)])).status).toBe(0);
    const [manifest] = await pending(table);
    expect(manifest).toBeDefined();

    const a = await frozenInsideTransaction(table);
    // A renews nothing while frozen: its lease lapses.
    await sleep((TTL_SECONDS + 1.5) * 1000);
    const b = cli.start(config, ['sync', '--redshift-only', '-t', key(table)], FAST_LEASES);
    // Append: B commits. Merge: B waits behind A's row locks.
    await waitUntil(async () => !b.running || (await waitsOnLock()), 120_000);

    a.signal(RESUME_SIGNAL);
    a.signal('SIGCONT');
    const [aEnd, bEnd] = await Promise.all([a.exited(), b.exited()]);

    expect(aEnd.status).not.toBe(0);
    expect(a.stderr).toMatch(
      new RegExp(`lease lost: another loader \\(token \\d+\\) took ${key(table)} of pipeline default .*nothing was committed`),
    );
    expect({ status: bEnd.status, stderr: b.stderr }).toEqual({
      status: 0,
      stderr: expect.stringContaining(`${key(table)}: loaded ${ROWS} rows from 1 manifest(s)`),
    });
    const loaded = `"${db.database}".${table}`;
    expect(await count(`SELECT COUNT(*)::text AS n FROM ${loaded}`)).toBe(ROWS);
    expect(await count(`SELECT COUNT(DISTINCT id)::text AS n FROM ${loaded}`)).toBe(ROWS);
    const ledger = await rows<{ manifest_id: string }>(
      `SELECT manifest_id FROM "${db.database}"._tidemark_loads WHERE table_key = $1`,
      [key(table)],
    );
    expect(ledger.map((r) => r.manifest_id)).toEqual([manifest.id]);
    expect(await pending(table)).toEqual([]);
  }, 300_000);
});
