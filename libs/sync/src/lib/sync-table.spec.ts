import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { createS3Client } from '@tidemark/object-store';
import {
  makeTempDir,
  MysqlFixture,
  mysqlDigest,
  PostgresFixture,
  postgresDigest,
  s3Settings,
  uniqueName,
  RealServers,
} from '@tidemark/testing';
import { testConfig } from '../test/test-config.fixture';
import { SyncHarness } from '../test/sync-harness.fixture';

const COLUMNS = ['id', 'updated_at', 'name', 'amount', 'active', 'note'];

/** Rows with ties: every 7 consecutive ids share one DATETIME(6) value. */
function makeRows(from: number, count: number, second: number): unknown[][] {
  return Array.from({ length: count }, (_, i) => {
    const id = from + i;
    const tie = Math.floor(id / 7);
    return [
      id,
      `2025-08-01 10:${String(second).padStart(2, '0')}:00.${String(tie).padStart(6, '0')}`,
      id % 11 === 0 ? 'emoji 😀 ✓' : `name-${id}`,
      `${id}.${String(id % 100).padStart(2, '0')}`,
      id % 2,
      id % 2 === 0 ? null : `note ${id}`,
    ];
  });
}

describe.each(['local', 's3'] as const)('sync one table end to end (%s object store)', (storeKind) => {
  let servers: RealServers;
  let db: MysqlFixture;
  let pg: PostgresFixture;
  let dir: ReturnType<typeof makeTempDir>;
  let ctx: SyncHarness;
  const table = 'orders';

  const digestsMatch = async () => {
    const source = await mysqlDigest(db, table, COLUMNS);
    const target = await postgresDigest(pg, db.database, table, COLUMNS);
    expect(target).toEqual(source);
    return source;
  };

  beforeAll(async () => {
    servers = await RealServers.open('tm_sync');
    ({ db, pg, dir } = servers);
    const bucket = uniqueName('tm-bucket').replace(/_/g, '-').toLowerCase();
    const config = testConfig({ dir: dir.path, objectStore: storeKind, bucket, targetFileBytes: 8 * 1024 });
    // Small pages so ties on updated_at straddle page boundaries.
    config.pipelines['default'] = {
      name: 'default',
      connection: 'default',
      tables: [{ key: `${db.database}.${table}`, strategy: 'hybrid', cursorColumn: 'updated_at', batchSize: 500 }],
    };
    if (storeKind === 's3')
      await (await createS3Client({ bucket, ...s3Settings() })).send(new CreateBucketCommand({ Bucket: bucket }));
    ctx = await SyncHarness.open(config);
    await db.exec(`CREATE TABLE ${table} (
      id BIGINT UNSIGNED PRIMARY KEY, updated_at DATETIME(6) NOT NULL, name VARCHAR(64),
      amount DECIMAL(12,2), active TINYINT(1), note VARCHAR(100)) CHARSET utf8mb4`);
    await db.insert(table, COLUMNS, makeRows(1, 3000, 0));
  });

  afterAll(async () => {
    await ctx?.close();
    await servers?.close();
  });

  const sync = () => ctx.syncTable('default', `${db.database}.${table}`);

  it('copies every row on the first run, in several files and manifests', async () => {
    const result = await sync();
    expect(result.extract?.rows).toBe(3000);
    expect(result.extract?.files).toBeGreaterThan(1);
    expect(result.load?.rowsStaged).toBe(3000);
    expect(result.load?.manifestsLoaded).toBe(result.extract?.files);
    const digest = await digestsMatch();
    expect(digest.count).toBe(3000);

    const w = await (await ctx.watermarks()).get({ pipeline: 'default', table: `${db.database}.${table}` });
    expect(w?.extract.rowsExtracted).toBe(3000);
    expect(w?.extract.filesCreated).toBe(result.extract?.files);
    expect(w?.load.rowsLoaded).toBe(3000);
    expect(w?.extract.cursor).toEqual({ timestamp: '2025-08-01 10:00:00.000428', primaryKey: ['3000'] });
  });

  it('moves only inserted and updated rows on the next run', async () => {
    await db.insert(table, COLUMNS, makeRows(3001, 200, 5));
    await db.exec(
      `UPDATE ${table} SET name = CONCAT('updated-', id), updated_at = '2025-08-01 10:05:00.000001' WHERE id BETWEEN 100 AND 149`,
    );
    const result = await sync();
    expect(result.extract?.rows).toBe(250);
    expect(result.load?.rowsStaged).toBe(250);
    const digest = await digestsMatch();
    expect(digest.count).toBe(3200);
  });

  it('takes a row whose timestamp is one microsecond after the cursor', async () => {
    const w = await (await ctx.watermarks()).get({ pipeline: 'default', table: `${db.database}.${table}` });
    const cursor = w?.extract.cursor.timestamp as string;
    expect(cursor).toMatch(/\.\d{6}$/);
    const next = cursor.replace(/\d{6}$/, (us) => String(Number(us) + 1).padStart(6, '0'));
    await db.exec(`UPDATE ${table} SET name = 'one microsecond later', updated_at = ? WHERE id = 1`, [next]);
    const result = await sync();
    expect(result.extract?.rows).toBe(1);
    await digestsMatch();
    const [row] = await pg.rows<{ name: string; updated_at: string }>(
      `SELECT name, updated_at FROM "${db.database}"."${table}" WHERE id = 1`,
    );
    expect(row.name).toBe('one microsecond later');
    expect(row.updated_at).toBe(next);
  });

  it('loads nothing when nothing changed', async () => {
    const before = await (await ctx.watermarks()).get({ pipeline: 'default', table: `${db.database}.${table}` });
    const result = await sync();
    expect(result.extract?.rows).toBe(0);
    expect(result.extract?.files).toBe(0);
    expect(result.load?.manifestsLoaded).toBe(0);
    expect(result.load?.rowsStaged).toBe(0);
    const after = await (await ctx.watermarks()).get({ pipeline: 'default', table: `${db.database}.${table}` });
    expect(after?.extract.cursor).toEqual(before?.extract.cursor);
    expect(after?.extract.rowsExtracted).toBe(before?.extract.rowsExtracted);
    expect(after?.load.rowsLoaded).toBe(before?.load.rowsLoaded);
    await digestsMatch();
  });
});
