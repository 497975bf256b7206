import { BoundQuery } from '@tidemark/cdc';
import { MYSQL, MysqlFixture } from '@tidemark/testing';
import { createConnection, Connection } from 'mysql2/promise';
import { MysqlSource } from './mysql-source';
import { readSourceClock } from './source-clock';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The source clock against real MariaDB, with real open writes on other
 * connections. The server is shared with other tests, so their writes may
 * make an age larger, never smaller: the ages are checked as lower bounds.
 */
describe('readSourceClock (real MariaDB)', () => {
  let db: MysqlFixture;
  let source: MysqlSource;
  let writer: Connection;
  let blocked: Connection;
  let sent: string[];
  const clock = () =>
    readSourceClock(<T>(q: BoundQuery) => {
      sent.push(q.sql);
      return source.query<T>(q);
    });

  beforeAll(async () => {
    db = await MysqlFixture.create('h_start2_clock');
    source = await MysqlSource.connect({ name: 'default', ...MYSQL, database: db.database });
    await db.exec('CREATE TABLE t (id INT PRIMARY KEY, v INT)');
    await db.exec('INSERT INTO t VALUES (1, 1), (2, 2)');
    writer = await createConnection({ ...MYSQL, database: db.database });
    blocked = await createConnection({ ...MYSQL, database: db.database });
  });

  beforeEach(() => {
    sent = [];
  });

  afterAll(async () => {
    await writer?.end();
    await blocked?.end();
    await source?.close();
    await db?.drop();
  });

  it('reads the time and the open writes, in UTC', async () => {
    const before = Date.now();
    const { now, openWrites } = await clock();
    expect(openWrites).not.toBeNull();
    // The server's clock, read as UTC, is within a few seconds of ours.
    expect(Math.abs(Date.parse(`${now.replace(' ', 'T')}Z`) - before)).toBeLessThan(5_000);
  });

  it('counts a transaction that wrote and has not committed, from when it began', async () => {
    await writer.query('BEGIN');
    await writer.query('UPDATE t SET v = v + 1 WHERE id = 1');
    await sleep(2_100);
    try {
      const { openWrites } = await clock();
      // Two seconds old, plus one for trx_started's whole seconds.
      expect(openWrites?.oldestAgeSeconds).toBeGreaterThanOrEqual(3);
    } finally {
      await writer.query('ROLLBACK');
    }
  });

  /** `send` starts an UPDATE of row 2 on `blocked` while `writer` holds its lock without writing (trx_rows_modified = 0). */
  async function waitingWriteAge(send: () => Promise<unknown>): Promise<number | null | undefined> {
    await writer.query('BEGIN');
    await writer.query('SELECT * FROM t WHERE id = 2 FOR UPDATE');
    const waiting = send();
    await sleep(2_100);
    try {
      return (await clock()).openWrites?.oldestAgeSeconds;
    } finally {
      await writer.query('ROLLBACK');
      await waiting;
    }
  }

  it('counts a writing statement still running whose transaction has written nothing yet', async () => {
    expect(await waitingWriteAge(() => blocked.query('UPDATE t SET v = v + 1 WHERE id = 2'))).toBeGreaterThanOrEqual(2);
  });

  it('counts such a statement sent as a server-side prepared statement too (PROCESSLIST says Execute, not Query)', async () => {
    // How JDBC with useServerPrepStmts, PDO without emulation and mysql2's execute() send their statements.
    expect(
      await waitingWriteAge(() => blocked.execute('UPDATE t SET v = v + ? WHERE id = ?', [1, 2])),
    ).toBeGreaterThanOrEqual(2);
  });
});
