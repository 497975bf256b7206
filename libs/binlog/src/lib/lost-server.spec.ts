import { createConnection } from 'mysql2/promise';
import { FreezingTcpProxy, startBinlogMariadb } from '@tidemark/testing';
import { streamBinlog } from './binlog-stream';
import { serverPosition } from './server-position';

describe('a server that goes away mid-stream', () => {
  it('fails the stream naming the server instead of waiting forever', async () => {
    const server = await startBinlogMariadb(1);
    try {
      const db = await createConnection({ host: '127.0.0.1', port: server.port, user: 'root', multipleStatements: true });
      await db.query('CREATE DATABASE gone; CREATE TABLE gone.t (id INT PRIMARY KEY)');
      const from = await serverPosition(db);
      await db.query('INSERT INTO gone.t VALUES (1)');
      await db.end();
      const stream = streamBinlog({
        server: { host: '127.0.0.1', port: server.port, user: 'root', name: 'test MariaDB' },
        from,
        serverId: 500,
        tables: [{ schema: 'gone', table: 't' }],
      });
      const first = await stream.next();
      expect(first.value?.kind).toBe('change');
      const rest = (async () => {
        for (;;) if ((await stream.next()).done) return 'ended';
      })();
      const failed = expect(rest).rejects.toThrow(/^lost the binlog stream from test MariaDB: /);
      await server.stop();
      await failed;
    } finally {
      await server.stop();
    }
  });

  it('keeps an idle stream alive on heartbeats and fails one whose network goes silent', async () => {
    const server = await startBinlogMariadb(1);
    const proxy = await FreezingTcpProxy.start({ host: '127.0.0.1', port: server.port });
    try {
      const db = await createConnection({ host: '127.0.0.1', port: server.port, user: 'root', multipleStatements: true });
      await db.query('CREATE DATABASE quiet; CREATE TABLE quiet.t (id INT PRIMARY KEY)');
      const from = await serverPosition(db);
      await db.query('INSERT INTO quiet.t VALUES (1)');
      const stream = streamBinlog({
        server: { host: '127.0.0.1', port: proxy.port, user: 'root', name: 'test MariaDB' },
        from,
        serverId: 501,
        tables: [{ schema: 'quiet', table: 't' }],
        heartbeatSeconds: 1,
        idleTimeoutSeconds: 3,
      });
      expect((await stream.next()).value?.kind).toBe('change');
      expect((await stream.next()).value?.kind).toBe('commit');
      const next = stream.next();
      const outcome = Promise.race([next.then(() => 'event', (e: Error) => e.message), new Promise((r) => setTimeout(() => r('quiet'), 5000))]);
      expect(await outcome).toBe('quiet'); // 5 s with no writes: heartbeats kept it alive
      const failed = expect(next).rejects.toThrow('test MariaDB sent nothing on the binlog stream for 3 s, not even a heartbeat (every 1 s)');
      proxy.freeze();
      await failed;
      await db.end();
    } finally {
      await proxy.close();
      await server.stop();
    }
  });
});
