import { createConnection, Connection } from 'mysql2/promise';
import { PrivateMariadb, startBinlogMariadb, waitUntil } from '@tidemark/testing';
import { BinlogEvent, RowChange } from './binlog-event';
import { BinlogPosition } from './binlog-position';
import { MYSQL_EXACT_VALUES } from '@tidemark/schema';
import { streamBinlog } from './binlog-stream';
import { comparePositions } from './position-order';
import { serverPosition } from './server-position';

// The extractor's connection options: the stream must give the same values.
const EXTRACTOR_OPTIONS = MYSQL_EXACT_VALUES;

let server: PrivateMariadb;
let db: Connection;
let readerId = 100;

beforeAll(async () => {
  server = await startBinlogMariadb(1);
  db = await createConnection({ host: '127.0.0.1', port: server.port, user: 'root', multipleStatements: true, ...EXTRACTOR_OPTIONS });
  await db.query("CREATE DATABASE binlog_spec CHARACTER SET utf8mb4; USE binlog_spec; SET time_zone = '+00:00'");
});

afterAll(async () => {
  await db?.end();
  await server?.stop();
});

const serverOf = () => ({ host: '127.0.0.1', port: server.port, user: 'root', name: `test MariaDB on port ${server.port}` });

/** Every event from `from` up to the server's current end. */
async function eventsSince(from: BinlogPosition, tables: string[]): Promise<BinlogEvent[]> {
  const until = await serverPosition(db);
  const events: BinlogEvent[] = [];
  const stream = streamBinlog({
    server: serverOf(),
    from,
    until,
    serverId: readerId++,
    tables: tables.map((table) => ({ schema: 'binlog_spec', table })),
  });
  for await (const event of stream) events.push(event);
  return events;
}

const changes = (events: BinlogEvent[]) => events.filter((e): e is RowChange => e.kind === 'change');

describe('streamBinlog', () => {
  afterEach(async () => {
    await db.query("SET GLOBAL binlog_row_metadata = 'NO_LOG'");
  });

  it.each(['NO_LOG', 'FULL'])('decodes every type to exactly the value the extractor SELECT returns (binlog_row_metadata=%s)', async (metadata) => {
    await db.query(`SET GLOBAL binlog_row_metadata = '${metadata}'`);
    const types = `types_${metadata.toLowerCase()}`;
    await db.query(`CREATE TABLE ${types} (
      id BIGINT UNSIGNED PRIMARY KEY, dt6 DATETIME(6), ts6 TIMESTAMP(6) NULL, dec38 DECIMAL(38,10), doc JSON,
      txt VARCHAR(100) CHARACTER SET utf8mb4, bin BLOB, small_int INT, neg BIGINT, fl FLOAT, db DOUBLE,
      d DATE, t TIME(3), y YEAR, flag BIT(1), e ENUM('a','b'), c CHAR(3))`);
    const from = await serverPosition(db);
    await db.query(
      `INSERT INTO ${types} VALUES
       (18446744073709551615, '2024-01-02 03:04:05.123456', '2024-01-02 03:04:05.000001',
        '1234567890123456789012345678.0123456789', '{"a": [1, 2.50, "x"], "n": null}', 'héllo 😀 end', x'00ff7f80',
        -5, -9223372036854775808, 0.1, 0.1, '2024-02-29', '-838:59:59.999', 2024, b'1', 'b', 'ab'),
       (1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
       (2, '1000-01-01 00:00:00.000000', '1970-01-01 00:00:01.000000', '-0.0000000001', 'null', '', x'', 0, 9007199254740993,
        1.2345678, 1e308, '9999-12-31', '00:00:00.000', 1901, b'0', 'a', '')`,
    );
    const streamed = changes(await eventsSince(from, [types]));
    const [selected] = await db.query(`SELECT * FROM ${types} ORDER BY id`);
    const byId = new Map(streamed.map((c) => [c.after?.['id'], c.after]));
    expect(streamed.map((c) => c.op)).toEqual(['insert', 'insert', 'insert']);
    for (const row of selected as Record<string, unknown>[]) expect(byId.get(row['id'])).toEqual(row);
    const full = byId.get('18446744073709551615');
    expect(full).toMatchObject({
      dt6: '2024-01-02 03:04:05.123456',
      ts6: '2024-01-02 03:04:05.000001',
      dec38: '1234567890123456789012345678.0123456789',
      doc: '{"a": [1, 2.50, "x"], "n": null}',
      txt: 'héllo 😀 end',
      bin: Buffer.from([0x00, 0xff, 0x7f, 0x80]),
      neg: '-9223372036854775808',
      fl: 0.1,
    });
    expect(Object.values(byId.get('1') ?? {}).filter((v) => v === null)).toHaveLength(16);
    expect(byId.get('2')).toMatchObject({ dec38: '-0.0000000001', doc: 'null', neg: '9007199254740993', fl: 1.23457 });
  });

  it('decodes MariaDB UUID and INET columns to their text, and refuses them under binlog_row_metadata=FULL', async () => {
    await db.query('CREATE TABLE addresses (id INT PRIMARY KEY, u UUID, v4 INET4, v6 INET6)');
    const from = await serverPosition(db);
    await db.query(
      "INSERT INTO addresses VALUES (1, '123e4567-e89b-12d3-a456-426614174000', '10.0.0.1', '2001:db8::1'), (2, NULL, '0.0.0.0', '::ffff:1.2.3.4')",
    );
    const [selected] = await db.query('SELECT * FROM addresses ORDER BY id');
    expect(changes(await eventsSince(from, ['addresses'])).map((c) => c.after)).toEqual(selected);
    await db.query("SET GLOBAL binlog_row_metadata = 'FULL'");
    await expect(eventsSince(from, ['addresses'])).rejects.toThrow(
      'with binlog_row_metadata=FULL its u (UUID), v4 (INET4), v6 (INET6) would arrive as raw bytes; set binlog_row_metadata=NO_LOG or MINIMAL',
    );
  });

  it('yields inserts, updates and deletes in commit order with increasing positions and a commit after each transaction', async () => {
    await db.query('CREATE TABLE ops (id INT PRIMARY KEY, v VARCHAR(10)); CREATE TABLE other (id INT PRIMARY KEY)');
    const from = await serverPosition(db);
    await db.query("INSERT INTO ops VALUES (1, 'a'), (2, 'b')");
    await db.query('INSERT INTO other VALUES (1)');
    await db.query("BEGIN; UPDATE ops SET v = 'c' WHERE id = 1; DELETE FROM ops WHERE id = 2; COMMIT");
    const events = await eventsSince(from, ['ops']);
    const described = events.map((e) =>
      e.kind === 'change' ? `${e.op} ${JSON.stringify(e.before)} -> ${JSON.stringify(e.after)}` : e.kind,
    );
    expect(described).toEqual([
      'insert null -> {"id":1,"v":"a"}',
      'insert null -> {"id":2,"v":"b"}',
      'commit',
      'commit', // the other table's transaction: no changes, but a place to resume from
      'update {"id":1,"v":"a"} -> {"id":1,"v":"c"}',
      'delete {"id":2,"v":"b"} -> null',
      'commit',
    ]);
    for (let i = 1; i < events.length; i++) expect(comparePositions(events[i].position, events[i - 1].position)).toBeGreaterThanOrEqual(0);
    const commits = events.filter((e) => e.kind === 'commit');
    // Each commit's GTID position is the one the server gives for that file and offset.
    for (const { position } of commits) {
      const [[server]] = (await db.query('SELECT BINLOG_GTID_POS(?, ?) AS gtid', [position.file, position.pos])) as unknown as [[{ gtid: string }]];
      expect(position.gtid).toBe(server.gtid);
    }
    expect(new Set(commits.map((c) => c.position.gtid)).size).toBe(3);
    const txOf = (e: BinlogEvent) => (e.kind === 'change' ? e.transaction : undefined);
    expect(txOf(events[0])).toBe(txOf(events[1]));
    expect(txOf(events[0])).toBe(commits[0].position.gtid);
    // Resuming from a commit gives exactly what followed it.
    const resumed = changes(await eventsSince(commits[1].position, ['ops']));
    expect(resumed.map((c) => c.op)).toEqual(['update', 'delete']);
  });

  it('gives a consumer slower than the binlog, with a small buffer, every row once and in order', async () => {
    await db.query('CREATE TABLE many (id INT PRIMARY KEY)');
    const from = await serverPosition(db);
    const ids = Array.from({ length: 3000 }, (_, i) => [i + 1]);
    for (let i = 0; i < ids.length; i += 500) await db.query('INSERT INTO many VALUES ?', [ids.slice(i, i + 500)]);
    const until = await serverPosition(db);
    const seen: number[] = [];
    for await (const event of streamBinlog({
      server: serverOf(),
      from,
      until,
      serverId: readerId++,
      tables: [{ schema: 'binlog_spec', table: 'many' }],
      highWaterMark: 50,
    })) {
      if (event.kind !== 'change') continue;
      seen.push(Number(event.after?.['id']));
      if (seen.length % 100 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    expect(seen).toEqual(ids.map(([id]) => id));
  });

  it('ends at `until` when nothing was committed before it, also across a binlog rotation', async () => {
    const from = await serverPosition(db);
    expect(await eventsSince(from, ['ops'])).toEqual([]);
    await db.query('FLUSH BINARY LOGS');
    const rotated = await serverPosition(db);
    expect(rotated.file).not.toBe(from.file);
    expect(await eventsSince(from, ['ops'])).toEqual([]);
  });

  it('closes its binlog connection on the server when the consumer stops early', async () => {
    await db.query('CREATE TABLE early (id INT PRIMARY KEY)');
    const from = await serverPosition(db);
    await db.query('INSERT INTO early VALUES (1), (2)');
    const dumps = async () => {
      const [rows] = await db.query("SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE COMMAND = 'Binlog Dump'");
      return Number((rows as { n: number }[])[0].n);
    };
    const stream = streamBinlog({ server: serverOf(), from, serverId: readerId++, tables: [{ schema: 'binlog_spec', table: 'early' }] });
    for await (const event of stream) {
      expect(event.kind).toBe('change');
      expect(await dumps()).toBe(1);
      break;
    }
    expect(await waitUntil(async () => (await dumps()) === 0, 10_000)).toBe(true);
  });
});
