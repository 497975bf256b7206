import { createConnection, Connection } from 'mysql2/promise';
import { PrivateMariadb, startBinlogMariadb } from '@tidemark/testing';
import { RowChange } from './binlog-event';
import { streamBinlog } from './binlog-stream';
import { openConsistentSnapshot } from './consistent-snapshot';
import { serverPosition } from './server-position';

let server: PrivateMariadb;
const connect = (): Promise<Connection> =>
  createConnection({ host: '127.0.0.1', port: server.port, user: 'root', database: 'handoff', bigNumberStrings: true, supportBigNumbers: true });

beforeAll(async () => {
  server = await startBinlogMariadb(1);
  const db = await createConnection({ host: '127.0.0.1', port: server.port, user: 'root' });
  await db.query('CREATE DATABASE handoff');
  await db.query('CREATE TABLE handoff.rows_written (id INT PRIMARY KEY, writer_seq INT NOT NULL)');
  await db.query('CREATE TABLE handoff.accounts (id INT PRIMARY KEY, balance DECIMAL(12,2) NOT NULL, note VARCHAR(20))');
  await db.end();
});

afterAll(async () => {
  await server?.stop();
});

describe('consistent snapshot → stream handoff', () => {
  it('streams every row committed after the snapshot exactly once and none that the snapshot saw', async () => {
    const writer = await connect();
    let next = 1;
    let writing = true;
    // Single-row and two-row transactions back to back, so commits land on both sides of the snapshot.
    const written = (async () => {
      while (writing) {
        const id = next;
        next += id % 3 === 0 ? 2 : 1;
        if (id % 3 === 0) await writer.query('INSERT INTO rows_written VALUES (?, ?), (?, ?)', [id, id, id + 1, id + 1]);
        else await writer.query('INSERT INTO rows_written VALUES (?, ?)', [id, id]);
      }
    })();
    await new Promise((r) => setTimeout(r, 300));

    const reader = await connect();
    const position = await openConsistentSnapshot(reader, 'test MariaDB');
    const [snapshotRows] = await reader.query('SELECT id FROM rows_written');
    await new Promise((r) => setTimeout(r, 300)); // the writer goes on while the snapshot is read
    await reader.query('COMMIT');
    await reader.end();
    writing = false;
    await written;
    const until = await serverPosition(writer);
    const [finalRows] = await writer.query('SELECT id FROM rows_written');
    await writer.end();

    const snapshotIds = (snapshotRows as { id: number }[]).map((r) => r.id);
    const streamed: number[] = [];
    for await (const event of streamBinlog({
      server: { host: '127.0.0.1', port: server.port, user: 'root', name: 'test MariaDB' },
      from: position,
      until,
      serverId: 200,
      tables: [{ schema: 'handoff', table: 'rows_written' }],
    })) {
      if (event.kind === 'change') streamed.push(Number((event as RowChange).after?.['id']));
    }

    const finalIds = (finalRows as { id: number }[]).map((r) => r.id).sort((a, b) => a - b);
    expect(snapshotIds.length).toBeGreaterThan(10);
    expect(streamed.length).toBeGreaterThan(10);
    expect(position.gtid).toMatch(/^0-1-\d+$/);
    expect(streamed.filter((id) => snapshotIds.includes(id))).toEqual([]);
    expect(new Set(streamed).size).toBe(streamed.length);
    expect([...snapshotIds, ...streamed].sort((a, b) => a - b)).toEqual(finalIds);
  });

  it('replays inserts, updates and deletes after the snapshot onto it and ends equal to the table, row for row', async () => {
    const writer = await connect();
    await writer.query('INSERT INTO accounts VALUES ?', [Array.from({ length: 200 }, (_, i) => [i + 1, '100.00', 'start'])]);
    let writing = true;
    let step = 0;
    const written = (async () => {
      while (writing) {
        step++;
        const id = 1 + ((step * 37) % 260);
        if (step % 5 === 0) await writer.query('DELETE FROM accounts WHERE id = ?', [id]);
        else if (step % 5 === 1) await writer.query("INSERT IGNORE INTO accounts VALUES (?, '0.01', 'new')", [id]);
        else await writer.query('UPDATE accounts SET balance = balance + 1.25, note = ? WHERE id = ?', [`step ${step}`, id]);
      }
    })();
    await new Promise((r) => setTimeout(r, 200));
    const reader = await connect();
    const position = await openConsistentSnapshot(reader, 'test MariaDB');
    const [snapshot] = await reader.query({ sql: 'SELECT id, balance, note FROM accounts', rowsAsArray: false });
    await new Promise((r) => setTimeout(r, 300));
    await reader.query('COMMIT');
    await reader.end();
    writing = false;
    await written;
    const until = await serverPosition(writer);
    const [final] = await writer.query('SELECT id, balance, note FROM accounts ORDER BY id');
    await writer.end();

    type Row = { id: number; balance: string; note: string | null };
    const replica = new Map((snapshot as Row[]).map((r) => [r.id, { ...r }]));
    let applied = 0;
    for await (const event of streamBinlog({
      server: { host: '127.0.0.1', port: server.port, user: 'root', name: 'test MariaDB' },
      from: position,
      until,
      serverId: 201,
      tables: [{ schema: 'handoff', table: 'accounts' }],
    })) {
      if (event.kind !== 'change') continue;
      applied++;
      if (event.before) expect(replica.get(event.before['id'] as number)).toEqual(event.before);
      if (event.op === 'delete') replica.delete(event.before?.['id'] as number);
      else {
        if (event.op === 'insert') expect(replica.has(event.after?.['id'] as number)).toBe(false);
        replica.set(event.after?.['id'] as number, event.after as Row);
      }
    }
    expect(applied).toBeGreaterThan(20);
    expect([...replica.values()].sort((a, b) => a.id - b.id)).toEqual(final);
  });
});
