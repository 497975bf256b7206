import { BoundQuery, SourceClock } from '@tidemark/cdc';
import { MYSQL, MysqlFixture, PrivateMariadb } from '@tidemark/testing';
import { createConnection, Connection } from 'mysql2/promise';
import { MysqlSource } from './mysql-source';
import { readSourceClock } from './source-clock';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The source clock against a MariaDB server of this spec's own, with real
 * open writes on other connections. Not the shared server: there another
 * suite's write could be the oldest, and this spec's open transactions
 * would hold every other suite's ceiling back (decision 0058).
 */
describe('readSourceClock (real MariaDB)', () => {
  let server: PrivateMariadb;
  let db: MysqlFixture;
  let source: MysqlSource;
  let writer: Connection;
  let blocked: Connection;
  const clock = () => readSourceClock(<T>(q: BoundQuery) => source.query<T>(q));

  beforeAll(async () => {
    server = await PrivateMariadb.start();
    const at = { ...MYSQL, port: server.port };
    db = await MysqlFixture.create('h_start2_clock', server.port);
    source = await MysqlSource.connect({ name: 'default', ...at, database: db.database });
    await db.exec('CREATE TABLE t (id INT PRIMARY KEY, v INT)');
    await db.exec('INSERT INTO t VALUES (1, 1), (2, 2)');
    writer = await createConnection({ ...at, database: db.database });
    blocked = await createConnection({ ...at, database: db.database });
  }, 90_000);

  afterAll(async () => {
    await writer?.end();
    await blocked?.end();
    await source?.close();
    await db?.drop();
    await server?.stop();
  });

  it('reads the time and the open writes, in UTC', async () => {
    const before = Date.now();
    const { now, openWrites } = await clock();
    expect(openWrites).toEqual({ oldestAgeSeconds: null });
    // The server's clock, read as UTC, is within a few seconds of ours.
    expect(Math.abs(Date.parse(`${now.replace(' ', 'T')}Z`) - before)).toBeLessThan(5_000);
  });

  it('counts a transaction that wrote and has not committed, from when it began', async () => {
    await writer.query('BEGIN');
    await writer.query('UPDATE t SET v = v + 1 WHERE id = 1');
    await sleep(2_100);
    try {
      const { openWrites } = await clock();
      // Two seconds old, plus one for trx_started's whole seconds (and up to one more for the second it was read in).
      expect(openWrites?.oldestAgeSeconds).toBeGreaterThanOrEqual(3);
      expect(openWrites?.oldestAgeSeconds).toBeLessThanOrEqual(4);
      // Named, so that a run held back by it can say whose it is.
      expect(openWrites?.oldest).toEqual({
        thread: writer.threadId,
        user: 'root',
        host: expect.stringMatching(/^(localhost|127\.0\.0\.1):\d+$/),
        database: db.database,
        kind: 'transaction',
      });
    } finally {
      await writer.query('ROLLBACK');
    }
  });

  /** `send` starts an UPDATE of row 2 on `blocked` while `writer` holds its lock without writing (trx_rows_modified = 0). */
  async function waitingWrite(send: () => Promise<unknown>): Promise<SourceClock['openWrites']> {
    await writer.query('BEGIN');
    await writer.query('SELECT * FROM t WHERE id = 2 FOR UPDATE');
    const waiting = send();
    await sleep(2_100);
    try {
      return (await clock()).openWrites;
    } finally {
      await writer.query('ROLLBACK');
      await waiting;
    }
  }

  it('counts a writing statement still running whose transaction has written nothing yet, and names it', async () => {
    const open = await waitingWrite(() => blocked.query('UPDATE t SET v = v + 1 WHERE id = 2'));
    expect(open?.oldestAgeSeconds).toBeGreaterThanOrEqual(2);
    expect(open?.oldest).toMatchObject({
      thread: blocked.threadId,
      database: db.database,
      kind: 'statement',
      statement: 'UPDATE t SET v = v + 1 WHERE id = 2',
    });
  });

  it('counts such a statement sent as a server-side prepared statement too (PROCESSLIST says Execute, not Query)', async () => {
    // How JDBC with useServerPrepStmts, PDO without emulation and mysql2's execute() send their statements.
    const open = await waitingWrite(() => blocked.execute('UPDATE t SET v = v + ? WHERE id = ?', [1, 2]));
    expect(open?.oldestAgeSeconds).toBeGreaterThanOrEqual(2);
    expect(open?.oldest).toMatchObject({ thread: blocked.threadId, kind: 'statement' });
  });
});

/**
 * A writer caught between the moment the server fixed its statement's time
 * and the moment it stored the text lasts microseconds, and no real server
 * can be held there: the server's answers are stood in for, in the shapes
 * MariaDB 10.11 gives them.
 */
describe('readSourceClock with a statement whose text is not stored yet (stand-in answers)', () => {
  const answers = (process: Record<string, unknown>) =>
    (async <T>(q: BoundQuery): Promise<T[]> => {
      if (q.sql.startsWith('SELECT NOW(6)')) return [{ now: '2026-12-07 07:00:00.500000' }] as T[];
      if (q.sql.startsWith('SHOW ENGINE INNODB STATUS')) {
        return [{ Status: 'LIST OF TRANSACTIONS FOR EACH SESSION:\n--------\nEND OF INNODB MONITOR OUTPUT\n' }] as T[];
      }
      return [{ ID: 42, USER: 'app', HOST: '10.0.0.7:5000', DB: 'shop', TIME: 0, TIME_MS: 0.3, ...process }] as T[];
    }) as <T>(q: BoundQuery) => Promise<T[]>;

  it('counts it as a write that may commit, from its start', async () => {
    const { openWrites } = await readSourceClock(answers({ COMMAND: 'Query', INFO: null }));
    expect(openWrites).toEqual({
      oldestAgeSeconds: 1,
      oldest: { thread: 42, user: 'app', host: '10.0.0.7:5000', database: 'shop', kind: 'statement' },
    });
  });

  it('does not count a read', async () => {
    const { openWrites } = await readSourceClock(answers({ COMMAND: 'Execute', INFO: 'SELECT * FROM orders' }));
    expect(openWrites).toEqual({ oldestAgeSeconds: null });
  });
});
