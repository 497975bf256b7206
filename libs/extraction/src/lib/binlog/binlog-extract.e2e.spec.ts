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
