import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { createObjectStore } from '@tidemark/object-store';
import {
  buildApps,
  makeTempDir,
  MYSQL,
  MysqlFixture,
  POSTGRES_URL,
  PostgresFixture,
  REPO_ROOT,
  s3Settings,
  uniqueName,
  writeConfigFiles,
} from '@tidemark/testing';
import { ColumnSchema } from '@tidemark/watermark-model';
import { openWatermarkDataSource, WatermarkStore } from '@tidemark/watermark-store';
import { ChangeManifests, ChangeRow } from '../test/change-manifests.fixture';

/**
 * Binlog change manifests (ADR 0042) loaded by the built binary, killed for
 * real (SIGKILL at a fault point) during the COPY, just before the warehouse
 * COMMIT and just after it. Each rerun must leave the target equal to the
 * changes applied once, in binlog order, and the ledger naming each manifest
 * once: a change applied twice, or a delete lost, shows in the rows.
 */

const COLUMNS: ColumnSchema[] = [
  {
    name: 'id',
    dataType: 'int',
    columnType: 'int(11)',
    nullable: false,
    length: null,
    precision: 10,
    scale: 0,
    charset: null,
  },
  {
    name: 'v',
    dataType: 'varchar',
    columnType: 'varchar(20)',
    nullable: true,
    length: 20,
    precision: null,
    scale: null,
    charset: 'utf8mb4',
  },
];

describe('a loader killed while applying binlog changes (built binary, real PostgreSQL and S3)', () => {
  const dir = makeTempDir();
  let db: MysqlFixture;
  let pg: PostgresFixture;
  let config: string;
  let bucket: string;
  let order = 0;
  /** The source as the changes so far make it: what the target must equal after a successful load. */
  const source = new Map<number, string>();

  beforeAll(async () => {
    buildApps('cli');
    db = await MysqlFixture.create('h_bl_crash');
    pg = await PostgresFixture.connect();
    config = writeConfigFiles(dir.path, 'config', {
      pipelines: { default: `connection: default\ntables:\n  ${db.database}.items:\n    loadMode: merge\n` },
    });
    const s3 = s3Settings();
    bucket = uniqueName('h-bl-crash').replace(/_/g, '-').toLowerCase();
    const client = new S3Client({ ...s3, forcePathStyle: true, credentials: s3 });
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    client.destroy();
    writeFileSync(
      join(config, 'tidemark.yml'),
      [
        'watermarkStore: { type: sqlite, path: config-state/watermarks.sqlite }',
        `objectStore: { type: s3, bucket: ${bucket}, endpoint: "${s3.endpoint}", region: ${s3.region}, accessKeyId: "${s3.accessKeyId}", secretAccessKey: "${s3.secretAccessKey}" }`,
        `warehouse: { type: postgres, url: "${POSTGRES_URL}" }`,
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await pg?.dropSchema(db.database);
    await pg?.close();
    await db?.drop();
    dir.remove();
  });

  const tableKey = () => `${db.database}.items`;
  const withStore = async <T>(work: (store: WatermarkStore) => Promise<T>): Promise<T> => {
    const data = await openWatermarkDataSource({
      type: 'sqlite',
      path: join(dir.path, 'config-state/watermarks.sqlite'),
    });
    try {
      return await work(new WatermarkStore(data));
    } finally {
      await data.destroy();
    }
  };
  /** Registers one manifest of changes (two files) and applies them to the model of the source. */
  const register = (changes: Omit<ChangeRow, 'order'>[]) =>
    withStore(async (store) => {
      const rows = changes.map((c) => ({ ...c, order: ++order }));
      for (const c of rows) {
        if (c.op === 'delete') source.delete(c.row[0] as number);
        else source.set(c.row[0] as number, c.row[1] as string);
      }
      const half = Math.ceil(rows.length / 2);
      const s3 = s3Settings();
      const objects = createObjectStore({ type: 's3', prefix: 'tidemark', bucket, ...s3 });
      return new ChangeManifests(store, objects, join(dir.path, 'work'), {
        pipeline: 'default',
        tableKey: tableKey(),
        location: {
          prefix: 'tidemark',
          pipeline: 'default',
          connection: 'default',
          schema: db.database,
          table: 'items',
        },
        columns: COLUMNS,
        primaryKey: ['id'],
        changes: {
          operationColumn: '_tidemark_operation',
          positionColumn: '_tidemark_position',
          orderColumn: '_tidemark_change',
        },
      }).register([rows.slice(0, half), rows.slice(half)]);
    });
  const pending = () => withStore((store) => store.pendingManifests({ pipeline: 'default', table: tableKey() }));
  const target = async () =>
    (await pg.rows<{ id: number; v: string }>(`SELECT id, v FROM "${db.database}".items ORDER BY id`)).map((r) => [
      r.id,
      r.v,
    ]);
  const expected = () => [...source.entries()].sort(([a], [b]) => a - b);
  const ledger = async () =>
    (
      await pg.rows<{ manifest_id: string }>(
        `SELECT manifest_id FROM "${db.database}"._tidemark_loads ORDER BY manifest_id`,
      )
    ).map((r) => r.manifest_id);
  /** The built `tidemark sync --redshift-only` (load only) of the table, as a real process. */
  const load = (env: NodeJS.ProcessEnv = {}) =>
    spawnSync(
      'node',
      [join(REPO_ROOT, 'dist/apps/cli/main.js'), '--config', config, 'sync', '--redshift-only', '-t', tableKey()],
      {
        encoding: 'utf8',
        env: { ...process.env, TEST_MYSQL_PASSWORD: MYSQL.password, TIDEMARK_FAULT_POINT: '', ...env },
      },
    );

  const registered: string[] = [];

  it('a first load of changes, then each kill point: the rerun applies each manifest exactly once', async () => {
    const seed = Array.from({ length: 200 }, (_, i) => ({ op: 'insert' as const, row: [i + 1, `v${i + 1}`] }));
    registered.push((await register(seed)).id);
    expect(load().status).toBe(0);
    expect(await target()).toEqual(expected());

    for (const [k, point] of ['load:during-copy', 'load:before-commit', 'load:after-commit'].entries()) {
      const before = await target();
      // Updates, deletes, a key inserted again after its delete, and a delete of a key that never existed.
      const changes: Omit<ChangeRow, 'order'>[] = [];
      for (let id = 1; id <= 200; id += 7) changes.push({ op: 'update', row: [id, `u${k}-${id}`] });
      for (let id = 3; id <= 200; id += 11) changes.push({ op: 'delete', row: [id, source.get(id) ?? 'gone'] });
      changes.push({ op: 'insert', row: [3, `back${k}`] }, { op: 'delete', row: [10_000 + order, 'never'] });
      registered.push((await register(changes)).id);

      const killed = load({ TIDEMARK_FAULT_POINT: point });
      expect([point, killed.signal]).toEqual([point, 'SIGKILL']);
      // Killed before the COMMIT: nothing changed. Killed after it: applied, but the report was lost.
      expect(await target()).toEqual(point === 'load:after-commit' ? expected() : before);
      expect(await pending()).toHaveLength(1);

      const rerun = load();
      expect([point, rerun.status, rerun.stderr]).toEqual([
        point,
        0,
        // Committed before the kill: the ledger has it, the rerun only reports it.
        expect.stringContaining(
          point === 'load:after-commit' ? 'loaded 0 rows from 0 manifest(s)' : 'loaded 49 rows from 1 manifest(s)',
        ),
      ]);
      expect(await target()).toEqual(expected());
      expect(await pending()).toEqual([]);
      expect(await ledger()).toEqual([...registered].sort());
    }
  });
});
