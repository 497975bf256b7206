import { createConnection } from 'mysql2/promise';
import { startBinlogMariadb } from '@tidemark/testing';
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
});
