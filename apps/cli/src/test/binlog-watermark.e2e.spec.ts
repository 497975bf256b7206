import { join } from 'node:path';
import { createConnection, Connection } from 'mysql2/promise';
import { PrivateMariadb, purgeBinlogThrough, startBinlogMariadb } from '@tidemark/testing';
import { CliFixture } from './cli.fixture';

jest.setTimeout(180_000);

/** The watermark commands on a binlog table, through the built binary, against a private MariaDB with a ROW binlog. */
describe('tidemark on a binlog table (built binary, private binlog MariaDB)', () => {
  const table = 'h_bx_cli.accounts';
  let server: PrivateMariadb;
  let db: Connection;
  let cli: CliFixture;
  let config: string;
  const run = (...args: string[]) => cli.run(config, args);
  const ok = (...args: string[]) => cli.ok(config, args);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const json = (...args: string[]): Record<string, any> => cli.json(config, args);

  beforeAll(async () => {
    server = await startBinlogMariadb(1);
    db = await createConnection({ host: '127.0.0.1', port: server.port, user: 'root' });
    await db.query('CREATE DATABASE h_bx_cli');
    await db.query('CREATE TABLE h_bx_cli.accounts (id INT PRIMARY KEY, balance DECIMAL(12,2))');
    await db.query('INSERT INTO h_bx_cli.accounts VALUES (1, 10.00), (2, 20.00)');
    cli = new CliFixture();
    config = cli.writeConfig('config', {
      mysqlPort: server.port,
      pipelines: { bx: `connection: default\ntables:\n  ${table}: { strategy: binlog }\n` },
    });
  });

  afterAll(async () => {
    await db?.end();
    await server?.stop();
    cli?.remove();
  });

  it('shows the binlog position as the watermark, sets it, and carries it through export and import', () => {
    ok('sync', '-p', 'bx', '--backup-only');
    const w = json('watermark', 'get', '-p', 'bx', '-t', table);
    expect(w.extract.cursor.binlog).toEqual({
      phase: 'stream',
      file: 'binlog.000001',
      pos: expect.any(Number),
      gtid: expect.stringMatching(/^0-1-\d+$/),
      order: expect.stringMatching(/^\d+$/),
    });
    expect(ok('watermark', 'get', '-p', 'bx', '-t', table)).toContain(
      `position binlog binlog.000001:${w.extract.cursor.binlog.pos} (GTID ${w.extract.cursor.binlog.gtid})`,
    );

    const exported = join(cli.dir.path, 'export.json');
    ok('watermark', 'export', '-o', exported);
    const set = ok('watermark', 'set', '-p', 'bx', '-t', table, '--position', 'binlog.000001:4');
    expect(set).toContain('(cursor set by hand)');
    expect(json('watermark', 'get', '-p', 'bx', '-t', table).extract.cursor.binlog).toEqual({
      ...w.extract.cursor.binlog,
      pos: 4,
      gtid: undefined,
    });

    const refused = run('watermark', 'set', '-p', 'bx', '-t', table, '--timestamp', '2025-01-01');
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/is a binlog table: set a binlog position \(--position FILE:POS\)/);
    const bad = run('watermark', 'set', '-p', 'bx', '-t', table, '--position', 'binlog.000001');
    expect(bad.stderr).toMatch(/^error: invalid binlog position "binlog.000001": give FILE:POS/);

    ok('watermark', 'import', '-f', exported, '--allow-rewind');
    expect(json('watermark', 'get', '-p', 'bx', '-t', table).extract.cursor.binlog).toEqual(w.extract.cursor.binlog);
  });

  it('refuses a purged position with how to re-snapshot, and a reset takes a new snapshot', async () => {
    ok('sync', '-p', 'bx', '--backup-only');
    const stored = json('watermark', 'get', '-p', 'bx', '-t', table).extract.cursor.binlog;
    await db.query('INSERT INTO h_bx_cli.accounts VALUES (3, 30.00)');
    await purgeBinlogThrough(db, stored.file);

    const purged = run('sync', '-p', 'bx', '--backup-only');
    expect(purged.status).not.toBe(0);
    expect(purged.stderr).toContain(`no longer has the binlog at ${stored.file}:${stored.pos}`);
    expect(purged.stderr).toMatch(/reset its watermark to take a new snapshot/);
    expect(json('watermark', 'get', '-p', 'bx', '-t', table).extract.cursor.binlog).toEqual(stored);

    ok('watermark', 'reset', '-p', 'bx', '-t', table, '--yes');
    const again = json('sync', '-p', 'bx', '--backup-only');
    expect(JSON.stringify(again)).toContain('"rows":3');
    expect(json('watermark', 'get', '-p', 'bx', '-t', table).extract.cursor.binlog.file).not.toBe(stored.file);
  });
});
