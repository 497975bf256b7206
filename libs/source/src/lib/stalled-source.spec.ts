import { setTimeout as sleep } from 'node:timers/promises';
import { FreezingTcpProxy, MYSQL, MysqlFixture } from '@tidemark/testing';
import { MysqlSource } from './mysql-source';
import { readBatches } from './read-batches';

const IDLE_SECONDS = 2;
/** About 30 MB: far more than the stream, the proxy and both sockets buffer (loopback TCP buffers grow to several MB each), so a slow reader pauses the connection. */
const MANY_ROW_COUNT = 300_000;
const MANY_ROWS = { sql: `SELECT seq, REPEAT('x', 100) FROM seq_1_to_${MANY_ROW_COUNT}`, params: [] };

async function countRows(source: MysqlSource, q: { sql: string; params: unknown[] }, pauseMs = 0): Promise<number> {
  let read = 0;
  for await (const rows of readBatches<unknown[]>(source.stream(q))) {
    if (read === 0 && pauseMs > 0) await sleep(pauseMs);
    read += rows.length;
  }
  return read;
}

/** Real MariaDB behind a TCP proxy that can freeze: the server goes silent, the connection stays open. */
describe('MysqlSource when the server stops answering', () => {
  let proxy: FreezingTcpProxy;
  let db: MysqlFixture;

  beforeAll(async () => {
    db = await MysqlFixture.create('tm_stall_src');
    proxy = await FreezingTcpProxy.start({ host: MYSQL.host, port: MYSQL.port });
  });

  afterAll(async () => {
    await proxy?.close();
    await db?.drop();
  });

  const connect = () =>
    MysqlSource.connect({
      name: 'default',
      ...MYSQL,
      database: db.database,
      port: proxy.port,
      connectTimeoutSeconds: 1,
      readIdleTimeoutSeconds: IDLE_SECONDS,
    });

  it('fails a query within the read-idle timeout, naming the connection, and every later one at once', async () => {
    const source = await connect();
    try {
      proxy.freeze();
      const started = Date.now();
      const message = new RegExp(`MySQL connection "default" at 127\\.0\\.0\\.1:${proxy.port} stopped answering: no data for \\d+ s`);
      await expect(source.query({ sql: 'SELECT 1', params: [] })).rejects.toThrow(message);
      expect((Date.now() - started) / 1000).toBeLessThan(IDLE_SECONDS + 2);
      await expect(countRows(source, MANY_ROWS)).rejects.toThrow(message);
    } finally {
      proxy.thaw();
      await source.close();
    }
  });

  it('fails a streamed read that goes silent mid-way', async () => {
    const source = await connect();
    try {
      const read = countRows(source, MANY_ROWS, 500);
      await sleep(100);
      proxy.freeze();
      await expect(read).rejects.toThrow(/stopped answering/);
    } finally {
      proxy.thaw();
      await source.close();
    }
  });

  it('does not count the time the reader itself holds the stream paused', async () => {
    const source = await connect();
    try {
      // The reader stops for longer than the idle timeout with the read open: backpressure, not a stall.
      expect(await countRows(source, MANY_ROWS, (IDLE_SECONDS + 2) * 1000)).toBe(MANY_ROW_COUNT);
    } finally {
      await source.close();
    }
  });

  it('fails to connect within the connect timeout, naming the connection', async () => {
    proxy.freeze();
    try {
      const started = Date.now();
      await expect(connect()).rejects.toThrow(new RegExp(`cannot connect to MySQL connection "default" at 127\\.0\\.0\\.1:${proxy.port}`));
      expect((Date.now() - started) / 1000).toBeLessThan(3);
    } finally {
      proxy.thaw();
    }
  });
});
