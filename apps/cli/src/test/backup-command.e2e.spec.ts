import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MysqlFixture, mysqlDigest, PostgresFixture, postgresDigest } from '@tidemark/testing';
import { CliFixture, CliWorld } from './cli.fixture';

const COLUMNS = ['id', 'updated_at', 'total'];

describe('tidemark backup, then a load-only sync that never opens MySQL (built binary, real servers)', () => {
  const world = new CliWorld();
  let db: MysqlFixture;
  let pg: PostgresFixture;
  let cli: CliFixture;
  let config: string;
  /** The same config and state, but its MySQL connection points at a port where nothing listens. */
  let mysqlClosed: string;
  const table = () => `${db.database}.orders`;
  const warehouseHasTable = async () =>
    (
      await pg.rows(`SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'orders'`, [
        db.database,
      ])
    ).length > 0;

  beforeAll(async () => {
    ({ db, pg, cli } = await world.open('tm_backup'));
    config = cli.writeConfig('config', { extra: 'logDirectory: run-logs' });
    mysqlClosed = join(cli.dir.path, 'config-mysql-closed');
    cpSync(config, mysqlClosed, { recursive: true });
    writeFileSync(
      join(mysqlClosed, 'connections', 'default.yml'),
      'host: 127.0.0.1\nport: 1\nuser: root\npassword: ""\n',
    );
    await db.exec(
      `CREATE TABLE orders (id BIGINT UNSIGNED PRIMARY KEY, updated_at DATETIME(6) NOT NULL, total DECIMAL(12,2))`,
    );
    const rows = Array.from({ length: 1200 }, (_, n) => [
      n + 1,
      `2025-08-01 10:00:${String(n % 60).padStart(2, '0')}.000001`,
      `${n}.99`,
    ]);
    await db.insert('orders', COLUMNS, rows);
  });

  afterAll(() => world.close());

  it('backup extracts to Parquet files and manifests, and loads nothing', async () => {
    const r = cli.run(config, ['backup', '-t', table(), '--limit', '1000', '--json']);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({
      command: 'backup',
      options: { table: [table()], limit: 1000, extract: true, load: false },
      status: 'success',
      totals: { rowsExtracted: 1000, rowsLoaded: 0 },
    });
    expect(report.reportFile).toBe(join(cli.dir.path, 'run-logs', `${report.runId}-backup.json`));
    expect(report.tables[0]).toMatchObject({ table: table(), status: 'success', extract: { rows: 1000 }, load: null });
    expect(await warehouseHasTable()).toBe(false);

    const [status] = JSON.parse(cli.run(config, ['status', '--json']).stdout);
    expect(status).toMatchObject({ table: table(), pendingRows: 1000 });
  });

  it('backup without --limit takes the rest, like sync --backup-only', () => {
    const r = cli.run(config, ['backup', '-t', table()]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^${table()} +success +200 +1 +- +[\\d.]+$`, 'm'));
  });

  it('backup has no load options', () => {
    const r = cli.run(config, ['backup', '-t', table(), '--redshift-only']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error: unknown option '--redshift-only'/);
  });

  it('the config with the closed MySQL port really cannot reach MySQL', () => {
    const r = cli.run(mysqlClosed, ['backup', '-t', table()]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(
        `^error: ${table()}: cannot connect to MySQL connection "default" at 127\\.0\\.0\\.1:1 as root: ECONNREFUSED`,
      ),
    );
  });

  it('sync --redshift-only loads every pending manifest through that config: no MySQL connection is opened', async () => {
    const r = cli.run(mysqlClosed, ['sync', '-t', table(), '--redshift-only', '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const [loaded] = JSON.parse(r.stdout).tables;
    expect(loaded).toMatchObject({
      status: 'success',
      extract: null,
      load: { manifestsLoaded: 2, rowsStaged: 1200, rowsExpected: 1200 },
    });
    expect(await postgresDigest(pg, db.database, 'orders', COLUMNS)).toEqual(await mysqlDigest(db, 'orders', COLUMNS));
    const [status] = JSON.parse(cli.run(config, ['status', '--json']).stdout);
    expect(status).toMatchObject({ pendingManifests: 0, pendingRows: 0 });
  });
});
