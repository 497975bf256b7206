import { join } from 'node:path';
import { MysqlFixture, PostgresFixture } from '@tidemark/testing';
import { CliFixture, CliWorld } from './cli.fixture';

describe('the tidemark command (built binary, real servers)', () => {
  const world = new CliWorld();
  let db: MysqlFixture;
  let pg: PostgresFixture;
  let cli: CliFixture;
  const run = (config: string, ...args: string[]) => cli.run(config, args);

  let config: string;
  let unreachable: string;

  beforeAll(async () => {
    ({ db, pg, cli } = await world.open('tm_cli'));
    config = cli.writeConfig('config');
    unreachable = cli.writeConfig('config-unreachable', { mysqlPort: 1 });
    await db.exec(`CREATE TABLE orders (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, total DECIMAL(10,2))`);
    await db.exec(
      `INSERT INTO orders VALUES (1, '2025-08-01 10:00:00.000001', 9.99), (2, '2025-08-01 10:00:00.000002', 0.01)`,
    );
    await db.exec(`CREATE TABLE nokey (id INT, updated_at DATETIME)`);
    await db.exec(`CREATE TABLE nocursor (id INT PRIMARY KEY, created DATETIME)`);
  });

  afterAll(() => world.close());

  it('syncs a table and says what moved', async () => {
    const r = run(config, 'sync', '-t', `${db.database}.orders`);
    expect(r.stderr).toMatch(new RegExp(`^${db.database}.orders: 2 (of ~\\d+ )?rows in 1 file\\(s\\) so far`, 'm'));
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(`${db.database}.orders: extracted 2 rows into 1 file\\(s\\), [\\d.]+ \\w*B, in [\\d.]+ s`),
    );
    expect(r.stdout).toMatch(
      new RegExp(`${db.database}.orders: loaded 2 rows from 1 manifest\\(s\\) into ${db.database}.orders`),
    );
    expect(r.stdout).toMatch(new RegExp(`^${db.database}.orders +success +2 +1 +2 +[\\d.]+$`, 'm'));
    const rows = await pg.rows(`SELECT id, updated_at, total FROM "${db.database}".orders ORDER BY id`);
    expect(rows).toEqual([
      { id: 1, updated_at: '2025-08-01 10:00:00.000001', total: '9.99' },
      { id: 2, updated_at: '2025-08-01 10:00:00.000002', total: '0.01' },
    ]);
  });

  it('shows the watermark with both stages and where the next run starts', () => {
    const r = run(config, 'watermark', 'get', '-t', `${db.database}.orders`);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`Watermark default / ${db.database}.orders`);
    expect(r.stdout).toMatch(/extract: success, 2 rows in 1 file\(s\)/);
    expect(r.stdout).toMatch(/load: +success, 2 rows from 1 manifest\(s\)/);
    expect(r.stdout).toContain('Next incremental run starts after 2025-08-01 10:00:00.000002, key (2)');
  });

  it('prints machine-readable results with --json', () => {
    const sync = run(config, 'sync', '-t', `${db.database}.orders`, '--json');
    expect(sync.status).toBe(0);
    expect(sync.stderr).toBe('');
    const [result] = JSON.parse(sync.stdout).tables;
    expect(result.status).toBe('success');
    expect(result.extract.rows).toBe(0);
    expect(result.load.manifestsLoaded).toBe(0);
    const get = run(config, 'watermark', 'get', '-t', `${db.database}.orders`, '--json');
    expect(JSON.parse(get.stdout).extract.cursor).toEqual({
      timestamp: '2025-08-01 10:00:00.000002',
      primaryKey: ['2'],
    });
  });

  describe('bad input: one clear error line, exit code 1, watermark unchanged', () => {
    const watermarkOf = (table: string) => run(config, 'watermark', 'get', '-t', `${db.database}.${table}`, '--json');

    it.each([
      [
        'an unknown table',
        'missing',
        () => config,
        /^error: table tm_cli_\w+\.missing does not exist in MySQL connection "default"\n$/,
      ],
      ['a table without primary key', 'nokey', () => config, /^error: table tm_cli_\w+\.nokey has no primary key/],
      [
        'a table without the cursor column',
        'nocursor',
        () => config,
        /^error: table tm_cli_\w+\.nocursor has no cursor column "updated_at"/,
      ],
      [
        'an unreachable database',
        'orders',
        () => unreachable,
        /^error: tm_cli_\w+\.orders: cannot connect to MySQL connection "default" at 127\.0\.0\.1:1 as root: ECONNREFUSED/,
      ],
    ])('%s', (_what, table, cfg, message) => {
      const before = watermarkOf(table).stdout;
      const r = run(cfg(), 'sync', '-t', `${db.database}.${table}`);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(watermarkOf(table).stdout).toBe(before);
    });

    it('refuses a table key that could carry SQL', () => {
      const r = run(config, 'sync', '-t', 'shop.orders;DROP TABLE x');
      expect(r.status).toBe(1);
      expect(r.stderr).toBe(
        'error: invalid table name "orders;DROP TABLE x" in table key "shop.orders;DROP TABLE x": use letters, digits, _ or $ (at most 64)\n',
      );
    });

    it('says which config is missing', () => {
      const r = run(join(cli.dir.path, 'nowhere'), 'sync', '-t', 'a.b');
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(
        /^error: no config found: .*nowhere\/tidemark\.yml does not exist \(run `tidemark init` or pass --config DIR\)\n$/,
      );
    });

    it('refuses a --limit that is not a positive whole number before doing anything', () => {
      const r = run(config, 'sync', '-t', `${db.database}.orders`, '--limit', 'ten');
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`"ten" is not a positive whole number`);
    });
  });
});
