import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { purgeBinlogThrough } from '@tidemark/testing';
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
    ['-r', '@swc-node/register', join(__dirname, '../../test/binlog-extract-child.fixture.ts')],
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

describe('binlog strategy: schema changes in the stream', () => {
  it('carries ADD COLUMN over: changes before it are kept, and the next run writes the new column', async () => {
    const db = await world.connect();
    await db.query('CREATE TABLE evolving (id INT PRIMARY KEY, amount DECIMAL(12,2))');
    await db.query('INSERT INTO evolving VALUES (1, 1.50), (2, 2.50)');
    const extractor = world.extractor();
    await extractor.run(world.request('evolving'));
    await db.query('UPDATE evolving SET amount = 9.99 WHERE id = 1');
    const beforeAlter = await extractor.run(world.request('evolving'));
    // Nothing of the table between the watermark and the ALTER: the stream meets the DDL first (docs/cdc.md).
    await db.query('ALTER TABLE evolving ADD COLUMN note VARCHAR(20) AFTER id');
    await db.query("INSERT INTO evolving VALUES (3, 'after', 3.50)");
    const atAlter = await extractor.run(world.request('evolving'));
    expect(atAlter.warnings.join('\n')).toMatch(
      /columns added at binlog\.\d+:\d+ .*ALTER TABLE evolving ADD COLUMN note/,
    );
    const next = await extractor.run(world.request('evolving'));
    await db.end();
    const manifests = await world.manifests('evolving');
    const last = manifests.find((m) => m.id === next.manifestIds[0]);
    expect(last?.columns.map((c) => c.name)).toEqual(['id', 'note', 'amount']);
    expect(await world.changesOf(last as Manifest)).toEqual([['3', 'after', '3.50', 'insert', expect.any(String)]]);
    const updated = manifests.find((m) => m.id === beforeAlter.manifestIds[0]);
    expect((await world.changesOf(updated as Manifest)).map((r) => r.slice(0, 3))).toEqual([['1', '9.99', 'update']]);
    // The ALTER's run commits no rows, only the position after the DDL.
    expect(atAlter.rows).toBe(0);
  });

  // Rows written before a DROP COLUMN cannot be decoded against the table described after it (ADR 0037):
  // the stream stops before the first of them, which a re-snapshot then brings. A TRUNCATE leaves the
  // columns as they were, so the rows before it are saved and the stream stops at the statement.
  it.each([
    [
      'DROP COLUMN',
      'ALTER TABLE {t} DROP COLUMN amount',
      /schema changed between binlog event and metadata fetch/,
      [['1', '1', 'insert']],
    ],
    [
      'TRUNCATE',
      'TRUNCATE TABLE {t}',
      /DDL on the table: TRUNCATE/,
      [
        ['1', '1', 'insert'],
        ['2', '2', 'insert'],
      ],
    ],
  ])('stops the table at %s, naming the table, the change and how to re-snapshot', async (_, ddl, reason, saved) => {
    const table = `stopping_${ddl.split(' ')[0].toLowerCase()}`;
    const db = await world.connect();
    await db.query(`CREATE TABLE ${table} (id INT PRIMARY KEY, amount INT)`);
    await db.query(`INSERT INTO ${table} VALUES (1, 1)`);
    const extractor = world.extractor();
    await extractor.run(world.request(table));
    const snapshotAt = (await world.watermarks.get({ pipeline: 'p', table: `h_bx.${table}` }))?.extract.cursor.binlog;
    await db.query(`INSERT INTO ${table} VALUES (2, 2)`);
    await db.query(ddl.replace('{t}', table));
    await db.query(`INSERT INTO ${table} (id) VALUES (3)`);
    const failure = extractor.run(world.request(table));
    await expect(failure).rejects.toThrow(
      new RegExp(`table h_bx\\.${table} stopped: its schema changed in the binlog after binlog\\.\\d+:\\d+ `),
    );
    await expect(failure).rejects.toThrow(reason);
    await expect(failure).rejects.toThrow(`tidemark watermark reset -p p -t h_bx.${table} --yes`);
    const w = await world.watermarks.get({ pipeline: 'p', table: `h_bx.${table}` });
    expect(w?.extract.status).toBe('failed');
    // The watermark passes exactly the saved changes: not row 2 when it could not be decoded.
    if (saved.length === 1) expect(w?.extract.cursor.binlog).toEqual(snapshotAt);
    else expect(w?.extract.cursor.binlog?.pos).toBeGreaterThan(snapshotAt?.pos ?? Infinity);
    // Stopped, not shifted: a second run stops at the same place and writes nothing more.
    await expect(extractor.run(world.request(table))).rejects.toThrow(/stopped: its schema changed/);
    const manifests = await world.manifests(table);
    const changes = (await Promise.all(manifests.map((m) => world.changesOf(m)))).flat();
    expect(changes.map((r) => r.slice(0, 3))).toEqual(saved);
    await db.end();
  });
});

describe('binlog strategy: a position the server no longer has', () => {
  it('fails with a message that says how to take a new snapshot, and changes nothing', async () => {
    const db = await world.connect();
    await db.query('CREATE TABLE purged (id INT PRIMARY KEY)');
    await db.query('INSERT INTO purged VALUES (1)');
    const extractor = world.extractor();
    await extractor.run(world.request('purged'));
    const before = await world.watermarks.get({ pipeline: 'p', table: 'h_bx.purged' });
    await db.query('INSERT INTO purged VALUES (2)');
    await purgeBinlogThrough(db, before?.extract.cursor.binlog?.file ?? '');
    await db.end();
    await expect(extractor.run(world.request('purged'))).rejects.toThrow(
      /no longer has the binlog at binlog\.\d+:\d+.*reset its watermark to take a new snapshot/,
    );
    const after = await world.watermarks.get({ pipeline: 'p', table: 'h_bx.purged' });
    expect(after?.extract.cursor).toEqual(before?.extract.cursor);
    expect(await world.manifests('purged')).toHaveLength(1);
  });
});

describe('binlog strategy: hostile names', () => {
  it('streams a table whose name and columns need quoting, a quote and a backtick included', async () => {
    const table = 'odd `name" (x)';
    const db = await world.connect();
    await db.query(
      'CREATE TABLE `odd ``name" (x)` (`select` INT PRIMARY KEY, `a``b` VARCHAR(20), `_tidemark_position` VARCHAR(20), `_tidemark_load_order` INT)',
    );
    await db.query('INSERT INTO `odd ``name" (x)` VALUES (1, ?, ?, 1), (2, ?, ?, 2)', ["it's", 'p', 'x`y', 'q']);
    const extractor = world.extractor();
    await extractor.run(world.request(table));
    await db.query('UPDATE `odd ``name" (x)` SET `a``b` = ? WHERE `select` = 1', ['"quoted"']);
    await db.query('DELETE FROM `odd ``name" (x)` WHERE `select` = 2');
    await db.query('INSERT INTO `odd ``name" (x)` VALUES (3, NULL, NULL, NULL)');
    const streamed = await extractor.run(world.request(table));
    await db.end();
    expect(streamed.rows).toBe(3);
    const [manifest] = await world.manifests(table);
    expect(manifest.changes?.positionColumn).toBe('_tidemark_position_2');
    expect(manifest.loadOrder?.column).toBe('_tidemark_load_order_2');
    expect(await world.replica(table)).toEqual(await world.sourceRows(table));
  });
});
