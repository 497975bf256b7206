import { MYSQL, MysqlFixture, waitUntil } from '@tidemark/testing';
import { MysqlSource } from './mysql-source';
import { readBatches } from './read-batches';

const ROWS = { sql: 'SELECT seq FROM seq_1_to_500', params: [] };

/** A connection that dies between two queries, as after a failover or a DBA's KILL (real MariaDB). */
describe('MysqlSource after its connection was killed between queries', () => {
  let db: MysqlFixture;
  let source: MysqlSource;

  beforeAll(async () => {
    db = await MysqlFixture.create('tm_lost');
    source = await MysqlSource.connect({ name: 'default', ...MYSQL, database: db.database });
    let read = 0;
    for await (const rows of readBatches<unknown[]>(source.stream(ROWS))) read += rows.length;
    expect(read).toBe(500);
    const sessions = await db.rows<{ ID: string }>('SELECT ID FROM information_schema.PROCESSLIST WHERE DB = ? AND ID <> CONNECTION_ID()', [db.database]);
    expect(sessions).toHaveLength(1);
    await db.exec('KILL CONNECTION ?', [Number(sessions[0].ID)]);
    // Until mysql2 has seen the socket close, a query would still be sent.
    for (let i = 0; i < 250; i++) {
      if (await source.query(ROWS).then(() => false, () => true)) break;
      await new Promise((r) => setTimeout(r, 20));
    }
  });

  afterAll(async () => {
    await source?.close();
    await db?.drop();
  });

  // It used to wait forever: mysql2 neither ends nor fails a stream on a closed connection.
  it('fails the next streamed query at once, naming the lost connection', async () => {
    const read = (async () => {
      for await (const rows of readBatches<unknown[]>(source.stream(ROWS))) expect(rows).toBeUndefined();
    })();
    await expect(read).rejects.toThrow(/lost MySQL connection "default" at 127\.0\.0\.1:\d+: \S/);
  });

  it('fails the next plain query the same way', async () => {
    await expect(source.query(ROWS)).rejects.toThrow(/lost MySQL connection "default"/);
  });
});

/** The connection dies while a query runs: mysql2 fails that query and tells nobody else. */
describe('MysqlSource after its connection was killed during a query', () => {
  let db: MysqlFixture;
  let source: MysqlSource;

  beforeAll(async () => {
    db = await MysqlFixture.create('tm_lost_mid');
    source = await MysqlSource.connect({ name: 'default', ...MYSQL, database: db.database });
  });

  afterAll(async () => {
    await source?.close();
    await db?.drop();
  });

  it('fails that query, then the next streamed query at once (it used to wait forever)', async () => {
    // Settled at once into a value, so its rejection (during the KILL below) is never unhandled.
    const running = source.query({ sql: 'SELECT SLEEP(30)', params: [] }).then(
      () => 'finished',
      (error: Error) => error.message,
    );
    let sessions: { ID: string }[] = [];
    await waitUntil(async () => {
      sessions = await db.rows<{ ID: string }>(
        "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = ? AND INFO LIKE 'SELECT SLEEP%'",
        [db.database],
      );
      return sessions.length > 0;
    }, 10_000, 20);
    expect(sessions).toHaveLength(1);
    await db.exec('KILL CONNECTION ?', [Number(sessions[0].ID)]);
    expect(await running).toMatch(/^lost MySQL connection "default" at 127\.0\.0\.1:\d+: Connection lost/);
    const read = (async () => {
      for await (const rows of readBatches<unknown[]>(source.stream(ROWS))) expect(rows).toBeUndefined();
    })();
    await expect(read).rejects.toThrow(/lost MySQL connection "default" at .*: Connection lost/);
  }, 20_000);
});
