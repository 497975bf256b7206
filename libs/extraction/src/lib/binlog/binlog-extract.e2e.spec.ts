import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { Manifest } from '@tidemark/watermark-model';
import { BinlogWorld, BINLOG_SCHEMA } from '../../test/binlog-world.fixture';
import { hostileRow, HOSTILE_TABLE_DDL, TableWriter, TOP_KEY } from '../../test/binlog-writer.fixture';

jest.setTimeout(240_000);

let world: BinlogWorld;

beforeAll(async () => {
  world = await BinlogWorld.create();
});

afterAll(async () => {
  await world?.close();
});

async function seed(table: string, rows: number): Promise<void> {
  const db = await world.connect();
  await db.query(HOSTILE_TABLE_DDL(table));
  const values = Array.from({ length: rows }, (_, i) => hostileRow(i === 0 ? TOP_KEY : BigInt(i + 1), i));
  await db.query(`INSERT INTO \`${table}\` VALUES ?`, [values]);
  await db.end();
}

describe('binlog strategy: snapshot, then the stream', () => {
  it('copies a table under a live writer, inserts, updates, key changes and deletes included, and ends equal to the source', async () => {
    await seed('orders', 400);
    const writerDb = await world.connect();
    const writer = new TableWriter(writerDb, 'orders', 1_000_000n).start();
    try {
      // A small file target makes the snapshot several chunks.
      const extractor = world.extractor(2_000);
      const snapshot = await extractor.run(world.request('orders'));
      expect(snapshot.manifestIds.length).toBeGreaterThan(2);
      let w = await world.watermarks.get({ pipeline: 'p', table: `${BINLOG_SCHEMA}.orders` });
      expect(w?.extract.cursor.binlog).toMatchObject({ phase: 'stream', file: expect.stringMatching(/^binlog\.\d+$/) });
      await new Promise((r) => setTimeout(r, 1500));
      await extractor.run(world.request('orders'));
      await new Promise((r) => setTimeout(r, 1500));
      await writer.stop();
      await writerDb.query(`UPDATE orders SET ts = '2024-02-29 23:59:59.000001', amount = ? WHERE id = ?`, [
        '-9999999999999999999999999999.9999999999',
        TOP_KEY.toString(),
      ]);
      const last = await extractor.run(world.request('orders'));
      w = await world.watermarks.get({ pipeline: 'p', table: `${BINLOG_SCHEMA}.orders` });
      expect(w?.extract.cursor.binlog?.pos).toBeGreaterThan(4);
      expect(last.cursor).toEqual(w?.extract.cursor);
    } finally {
      await writer.stop();
      await writerDb.end();
    }
    expect(writer.counts.delete).toBeGreaterThan(5);
    expect(writer.counts.keyChange).toBeGreaterThan(5);

    const source = await world.sourceRows('orders');
    expect(source.find((r) => r[0] === TOP_KEY.toString())?.slice(3, 5)).toEqual([
      '2024-02-29 23:59:59.000001',
      '-9999999999999999999999999999.9999999999',
    ]);
    expect(await world.replica('orders')).toEqual(source);

    const manifests = await world.manifests('orders');
    const streamed = manifests.filter((m) => m.sourceCommitTimes);
    expect(streamed.length).toBeGreaterThan(0);
    expect(manifests.every((m) => m.strategy === 'binlog')).toBe(true);
    // The source's own _tidemark_operation and _tidemark_change columns push the change columns aside.
    expect(manifests[0].changes).toEqual({
      operationColumn: '_tidemark_operation_2',
      positionColumn: '_tidemark_position',
      orderColumn: '_tidemark_change_2',
    });
    const operations = new Set(
      (await Promise.all(streamed.map((m) => world.changesOf(m)))).flat().map((r) => r[r.length - 2]),
    );
    expect([...operations].sort()).toEqual(['delete', 'insert', 'update']);
  });
});

/** Runs one extract in a child process that SIGKILLs itself at `faultPoint`; resolves with how it ended. */
async function extractInChild(
  table: string,
  targetBytes: number,
  faultPoint: string,
): Promise<{ signal: string | null; stderr: string; pid: number }> {
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', join(__dirname, '../../test/binlog-extract-child.ts')],
    {
      env: {
        ...process.env,
        SWC_NODE_PROJECT: join(__dirname, '../../../../../tsconfig.base.json'),
        TIDEMARK_FAULT_POINT: faultPoint,
        BX_DIR: world.dir.path,
        BX_PORT: String(world.server.port),
        BX_TABLE: table,
        BX_TARGET_BYTES: String(targetBytes),
      },
    },
  );
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const [, signal] = await once(child, 'exit');
  return { signal, stderr, pid: child.pid ?? 0 };
}

const keysOf = async (manifests: Manifest[]) =>
  (await Promise.all(manifests.map((m) => world.changesOf(m)))).flat().map((r) => BigInt(r[0]));

describe('binlog strategy: a snapshot killed with SIGKILL', () => {
  it('resumes after the last committed chunk, not from zero, and converges once the stream passes the new snapshot', async () => {
    await seed('killed', 600);
    const tableKey = `${BINLOG_SCHEMA}.killed`;
    const killed = await extractInChild('killed', 2_000, 'extract:after-commit');
    expect({ signal: killed.signal, stderr: killed.stderr }).toEqual({ signal: 'SIGKILL', stderr: '' });
    const afterKill = await world.watermarks.get({ pipeline: 'p', table: tableKey });
    expect(afterKill?.extract.cursor.binlog?.phase).toBe('snapshot');
    const doneUpTo = BigInt(afterKill?.extract.cursor.primaryKey?.[0] ?? '0');
    const firstChunk = await world.manifests('killed');
    expect(firstChunk).toHaveLength(1);
    expect(doneUpTo).toBeGreaterThan(1n);

    // Rows on both sides of the done chunks change between the kill and the resumed snapshot, and during it.
    const writerDb = await world.connect();
    const writer = new TableWriter(writerDb, 'killed', 5_000_000n).start();
    try {
      await new Promise((r) => setTimeout(r, 1000));
      const extractor = world.extractor(2_000, (holder) => holder === `binlog-spec:${killed.pid}`);
      const resumed = await extractor.run(world.request('killed'));
      const resumedManifests = (await world.manifests('killed')).filter((m) => resumed.manifestIds.includes(m.id));
      expect(resumed.warnings.join('\n')).toMatch(/snapshot resumed after key/);
      // Not from zero: the resumed snapshot reads only keys after the done chunks.
      const resumedKeys = await keysOf(resumedManifests);
      expect(resumedKeys.length).toBeGreaterThan(100);
      expect(resumedKeys.every((k) => k > doneUpTo)).toBe(true);
      expect((await keysOf(firstChunk)).every((k) => k <= doneUpTo)).toBe(true);
      await new Promise((r) => setTimeout(r, 1000));
      await writer.stop();
      await extractor.run(world.request('killed'));
    } finally {
      await writer.stop();
      await writerDb.end();
    }
    expect(await world.replica('killed')).toEqual(await world.sourceRows('killed'));
  });
});
