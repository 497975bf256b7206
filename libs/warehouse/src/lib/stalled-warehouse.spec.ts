import { createReadStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FreezingTcpProxy, makeTempDir, POSTGRES_URL } from '@tidemark/testing';
import { PostgresWarehouse } from './postgres-warehouse';

const IDLE_SECONDS = 1;
const CONNECT_SECONDS = 1;

/** Real PostgreSQL behind a TCP proxy that can freeze: the server goes silent, the connection stays open. */
describe('PostgresWarehouse when the server stops answering', () => {
  let proxy: FreezingTcpProxy;
  let url: string;
  const dir = makeTempDir('timeouts-warehouse-');

  beforeAll(async () => {
    const pg = new URL(POSTGRES_URL);
    proxy = await FreezingTcpProxy.start({ host: pg.hostname, port: Number(pg.port || 5432) });
    pg.port = String(proxy.port);
    url = pg.toString();
  });

  afterAll(async () => {
    await proxy?.close();
    dir.remove();
  });

  // statementTimeoutSeconds left undefined, as a config that does not set it gives it: the default applies.
  const connect = (statementTimeoutSeconds?: number) =>
    PostgresWarehouse.connect({
      url,
      timeouts: { connectTimeoutSeconds: CONNECT_SECONDS, readIdleTimeoutSeconds: IDLE_SECONDS, statementTimeoutSeconds },
    });
  const stalled = () => new RegExp(`the warehouse at 127\\.0\\.0\\.1:${proxy.port}/\\S+ stopped answering`);

  it('lets a long statement run while the server answers a liveness check, and hears it alive', async () => {
    const warehouse = await connect();
    try {
      let alive = 0;
      await warehouse.transaction([], (s) => s.query('SELECT pg_sleep(3.5)'), () => alive++);
      // An answered check each idle second during the sleep (3), and BEGIN, the SELECT and COMMIT done; no more.
      expect(alive).toBeGreaterThanOrEqual(5);
      expect(alive).toBeLessThanOrEqual(6);
    } finally {
      await warehouse.close();
    }
  });

  it('fails a statement of a frozen server within idle + connect timeouts, and closes anyway', async () => {
    const warehouse = await connect();
    proxy.freeze();
    try {
      const started = Date.now();
      await expect(warehouse.query('SELECT 1')).rejects.toThrow(stalled());
      expect((Date.now() - started) / 1000).toBeLessThan(IDLE_SECONDS + CONNECT_SECONDS + 2);
      const closing = Date.now();
      await warehouse.close();
      expect((Date.now() - closing) / 1000).toBeLessThan(CONNECT_SECONDS + 2);
    } finally {
      proxy.thaw();
    }
  });

  it('fails a COPY into a frozen server and rolls the transaction back', async () => {
    const warehouse = await connect();
    const csv = join(dir.path, 'rows.csv');
    writeFileSync(csv, Array.from({ length: 100_000 }, (_, i) => `${i},${'y'.repeat(50)}\n`).join(''));
    try {
      const load = warehouse.transaction([], async (s) => {
        await s.query('CREATE TEMP TABLE stall_copy (id int, v text)');
        proxy.freeze();
        return s.copyCsv('COPY stall_copy FROM STDIN (FORMAT csv)', createReadStream(csv));
      });
      await expect(load).rejects.toThrow(stalled());
    } finally {
      proxy.thaw();
      await warehouse.close();
    }
  });

  // pg's own message says only `read ECONNRESET` (an RST) or `Connection terminated unexpectedly` (a FIN first).
  it('names the warehouse when its connection is reset', async () => {
    const warehouse = await connect();
    try {
      const load = warehouse.transaction([], async (s) => {
        await s.query('SELECT 1');
        proxy.cut();
        await new Promise((r) => setTimeout(r, 100));
        return s.query('SELECT 2');
      });
      await expect(load).rejects.toThrow(
        new RegExp(`(read ECONNRESET|Connection terminated unexpectedly) \\(connection to the warehouse at 127\\.0\\.0\\.1:${proxy.port}/\\S+\\)`),
      );
    } finally {
      await warehouse.close();
    }
  });

  it('has the server cancel a statement past the statement timeout', async () => {
    const warehouse = await connect(1);
    try {
      await expect(warehouse.query('SELECT pg_sleep(3)')).rejects.toThrow(/canceling statement due to statement timeout/);
    } finally {
      await warehouse.close();
    }
  });
});
