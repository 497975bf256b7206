import { createConnection, Connection } from 'mysql2/promise';
import { PrivateMariadb, startBinlogMariadb } from '@tidemark/testing';
import { BinlogEvent } from './binlog-event';
import { requireRowBinlog } from './binlog-settings';
import { streamBinlog } from './binlog-stream';
import { openConsistentSnapshot } from './consistent-snapshot';
import { serverPosition } from './server-position';

let server: PrivateMariadb;
let db: Connection;
let readerId = 300;

beforeAll(async () => {
  server = await startBinlogMariadb(1);
  db = await createConnection({ host: '127.0.0.1', port: server.port, user: 'root', multipleStatements: true });
  await db.query('CREATE DATABASE refusals; USE refusals');
});

afterAll(async () => {
  await db?.end();
  await server?.stop();
});

const stream = (from: Awaited<ReturnType<typeof serverPosition>>, until = from, table = 'evolving') =>
  streamBinlog({
    server: { host: '127.0.0.1', port: server.port, user: 'root', name: 'test MariaDB' },
    from,
    until,
    serverId: readerId++,
    tables: [{ schema: 'refusals', table }],
  });

async function collect(events: AsyncIterable<BinlogEvent>): Promise<BinlogEvent[]> {
  const out: BinlogEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

describe('server settings', () => {
  afterEach(async () => {
    await db.query("SET GLOBAL binlog_format = 'ROW', GLOBAL binlog_row_image = 'FULL'");
  });

  it('accepts ROW format with full row images', async () => {
    await expect(requireRowBinlog(db, 'test MariaDB')).resolves.toEqual({ logBin: true, format: 'ROW', rowImage: 'FULL', rowMetadata: 'NO_LOG' });
  });

  it.each(['STATEMENT', 'MIXED'])('refuses binlog_format=%s and says how to change it, RDS included', async (format) => {
    await db.query(`SET GLOBAL binlog_format = '${format}'`);
    const refused = requireRowBinlog(db, 'test MariaDB');
    await expect(refused).rejects.toThrow(`binlog_format is ${format} (needs binlog_format=ROW)`);
    await expect(refused).rejects.toThrow(/my\.cnf.*RDS or Aurora.*parameter group/);
  });

  it('refuses a row image other than FULL', async () => {
    await db.query("SET GLOBAL binlog_row_image = 'MINIMAL'");
    await expect(requireRowBinlog(db, 'test MariaDB')).rejects.toThrow('binlog_row_image is MINIMAL (needs binlog_row_image=FULL)');
  });

  it('refuses to stream when the format is not ROW, before reading anything', async () => {
    const from = await serverPosition(db);
    await db.query("SET GLOBAL binlog_format = 'STATEMENT'");
    await expect(collect(stream(from, from, 'any'))).rejects.toThrow('binlog_format is STATEMENT');
  });

  it('refuses a server whose binary log is off', async () => {
    const plain = await PrivateMariadb.start();
    const c = await createConnection({ host: '127.0.0.1', port: plain.port, user: 'root' });
    try {
      await expect(requireRowBinlog(c, 'plain MariaDB')).rejects.toThrow(/plain MariaDB: the binary log is off \(log_bin=OFF/);
      await expect(openConsistentSnapshot(c, 'plain MariaDB')).rejects.toThrow(
        'plain MariaDB does not report the binlog position of a consistent snapshot',
      );
    } finally {
      await c.end();
      await plain.stop();
    }
  });
});

describe('purged binlog', () => {
  it('refuses a position whose binlog file the server has purged, saying to take a new snapshot', async () => {
    const old = await serverPosition(db);
    await db.query('FLUSH BINARY LOGS');
    const current = await serverPosition(db);
    await db.query('PURGE BINARY LOGS TO ?', [current.file]);
    const refused = collect(stream(old, current, 'any'));
    await expect(refused).rejects.toThrow(`no longer has the binlog at ${old.file}:${old.pos}`);
    await expect(refused).rejects.toThrow(/copied afresh: reset its watermark to take a new snapshot/);
  });
});

describe('a position that is not an event boundary', () => {
  it('is refused with the server\'s reason and where to start instead', async () => {
    await db.query('CREATE TABLE IF NOT EXISTS evolving (id INT PRIMARY KEY)');
    const end = await serverPosition(db);
    const { file } = end;
    const refused = collect(stream({ file, pos: 5 }, end));
    await expect(refused).rejects.toThrow(`test MariaDB cannot stream its binlog from ${file}:5: bogus data in log event`);
    await expect(refused).rejects.toThrow(/start from a position the snapshot or a commit event reported/);
  });
});

describe('schema changes', () => {
  beforeEach(async () => {
    await db.query('DROP TABLE IF EXISTS evolving; CREATE TABLE evolving (id INT PRIMARY KEY, amount DECIMAL(10,2))');
  });

  it('ends the stream with a schema-change event at an ALTER TABLE during streaming, resumable from the last commit', async () => {
    const from = await serverPosition(db);
    await db.query('INSERT INTO evolving VALUES (1, 1.50)');
    const events = streamBinlog({
      server: { host: '127.0.0.1', port: server.port, user: 'root', name: 'test MariaDB' },
      from,
      serverId: readerId++,
      tables: [{ schema: 'refusals', table: 'evolving' }],
    });
    const first = await events.next(); // the table is described as it is now, before the ALTER
    const commit = await events.next();
    await db.query('ALTER TABLE evolving ADD COLUMN note VARCHAR(20) AFTER id');
    await db.query("INSERT INTO evolving VALUES (2, 'x', 2.50)");
    const last = await events.next();
    expect([first.value?.kind, commit.value?.kind, last.value?.kind]).toEqual(['change', 'commit', 'schema-change']);
    expect(last.value).toMatchObject({ kind: 'schema-change', table: 'evolving', position: commit.value?.position });
    expect(last.value?.kind === 'schema-change' && last.value.reason).toMatch(/^DDL on the table: ALTER TABLE evolving ADD COLUMN/);
    expect((await events.next()).done).toBe(true);
  });

  it('reports rows whose TABLE_MAP differs from the table as described, never decoding them into shifted columns', async () => {
    const from = await serverPosition(db);
    await db.query('INSERT INTO evolving VALUES (1, 1.50)');
    await db.query('ALTER TABLE evolving MODIFY amount DECIMAL(12,4)');
    // Streamed from before the ALTER, the table is described as it is now: the old rows do not fit it.
    const events = await collect(stream(from, await serverPosition(db)));
    expect(events.map((e) => e.kind)).toEqual(['schema-change']);
    expect(events[0].kind === 'schema-change' && events[0].reason).toBe(
      'column 2 (amount) is type 246 (10,2) in the binlog, described as type 246 (12,4)',
    );
    expect(events[0].position).toEqual(from);
  });

  it('reports a dropped and re-added column of another type', async () => {
    await db.query('INSERT INTO evolving VALUES (1, 1.50)');
    const from = await serverPosition(db);
    await db.query('UPDATE evolving SET amount = 2 WHERE id = 1');
    await db.query('ALTER TABLE evolving DROP COLUMN amount, ADD COLUMN amount BIGINT');
    const events = await collect(stream(from, await serverPosition(db)));
    expect(events.map((e) => e.kind)).toEqual(['schema-change']);
    expect(events[0].kind === 'schema-change' && events[0].reason).toMatch(/column 2 \(amount\) is type 246 .* described as type 8/);
  });

  it('reports TRUNCATE, which writes no row events', async () => {
    const from = await serverPosition(db);
    await db.query('TRUNCATE TABLE evolving');
    const events = await collect(stream(from, await serverPosition(db)));
    expect(events.map((e) => e.kind)).toEqual(['schema-change']);
  });
});
