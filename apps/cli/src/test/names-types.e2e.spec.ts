import { MysqlFixture, PostgresFixture } from '@tidemark/testing';
import { CliFixture, CliWorld } from './cli.fixture';

/** Issue 18, "Column names and types keep their meaning": on the built binary, MariaDB → PostgreSQL. */
describe('column names and types keep their meaning (built binary, real servers)', () => {
  const world = new CliWorld();
  let db: MysqlFixture;
  let pg: PostgresFixture;
  let cli: CliFixture;
  const key = (table: string) => `${db.database}.${table}`;
  const warehouseType = async (table: string, column: string) =>
    (
      await pg.rows<{ data_type: string }>(
        'SELECT data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 AND column_name = $3',
        [db.database, table, column],
      )
    )[0]?.data_type;
  /** Exit 0; on failure the assertion shows stderr. */
  const expectOk = (r: { status: number | null; stderr: string }) =>
    expect({ status: r.status, stderr: r.status === 0 ? '' : r.stderr }).toEqual({ status: 0, stderr: '' });
  const configWith = (name: string, tables: string) =>
    cli.writeConfig(name, { pipelines: { default: `connection: default\ntables:\n${tables}` } });

  beforeAll(async () => {
    ({ db, pg, cli } = await world.open('hn_names'));
  });

  afterAll(() => world.close());

  describe('a name collision', () => {
    let config: string;
    beforeAll(async () => {
      config = configWith('collide', `  ${db.database}.collide:\n  ${db.database}.keeps:\n`);
      await db.exec('CREATE TABLE collide (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, `order-id` INT, `order_id` INT)');
      await db.exec("INSERT INTO collide VALUES (1, '2025-01-01', 10, 20)");
    });

    it('leaves order_id holding the source order_id; only order-id, which must change, is renamed', async () => {
      const r = cli.run(config, ['sync', '-t', key('collide')]);
      expectOk(r);
      expect(await pg.rows(`SELECT order_id, order_id_2 FROM "${db.database}".collide`)).toEqual([
        { order_id: 20, order_id_2: 10 },
      ]);
    });

    it('shows the resolution in column-mappings', () => {
      const r = cli.run(config, ['column-mappings', 'show', '-t', key('collide')]);
      expect(r.status).toBe(0);
      expect(r.stdout.trim().split('\n').slice(4).map((l) => l.split(/\s{2,}/))).toEqual([
        ['order-id', 'order_id_2', 'INTEGER', 'renamed'],
        ['order_id', 'order_id', 'INTEGER'],
      ]);
    });

    it('keeps the stored mapping of an existing table: a later valid column yields, not the recorded one', async () => {
      await db.exec('CREATE TABLE keeps (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, `Order Total` INT)');
      await db.exec("INSERT INTO keeps VALUES (1, '2025-01-01', 7)");
      expect(cli.run(config, ['sync', '-t', key('keeps')]).status).toBe(0);
      await db.exec('ALTER TABLE keeps ADD COLUMN order_total INT');
      await db.exec("INSERT INTO keeps VALUES (2, '2025-01-02', 8, 80)");
      const r = cli.run(config, ['sync', '-t', key('keeps')]);
      expectOk(r);
      expect(await pg.rows(`SELECT id, order_total, order_total_2 FROM "${db.database}".keeps ORDER BY id`)).toEqual([
        { id: 1, order_total: 7, order_total_2: null },
        { id: 2, order_total: 8, order_total_2: 80 },
      ]);
    });
  });

  describe('TINYINT(1)', () => {
    it('lands as SMALLINT by default, keeping 5 as 5; BIT(1), which holds only 0/1, stays BOOLEAN', async () => {
      const config = configWith('flags', `  ${db.database}.flags:\n`);
      await db.exec('CREATE TABLE flags (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, flag TINYINT(1), bit1 BIT(1))');
      await db.exec("INSERT INTO flags VALUES (1, '2025-01-01', 5, b'1'), (2, '2025-01-01', 0, b'0'), (3, '2025-01-01', -1, NULL)");
      const r = cli.run(config, ['sync', '-t', key('flags')]);
      expectOk(r);
      expect(await warehouseType('flags', 'flag')).toBe('smallint');
      expect(await warehouseType('flags', 'bit1')).toBe('boolean');
      expectOk(cli.run(config, ['verify', '-t', key('flags')]));
      expect(await pg.rows(`SELECT id, flag, bit1 FROM "${db.database}".flags ORDER BY id`)).toEqual([
        { id: 1, flag: 5, bit1: true },
        { id: 2, flag: 0, bit1: false },
        { id: 3, flag: -1, bit1: null },
      ]);
    });

    it('with tinyint1: boolean lands 0/1 as BOOLEAN and fails on 5 naming table, column and key, loading nothing of it', async () => {
      const config = configWith('bools', `  ${db.database}.bools:\n    tinyint1: boolean\n`);
      await db.exec('CREATE TABLE bools (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, flag TINYINT(1))');
      await db.exec("INSERT INTO bools VALUES (1, '2025-01-01', 1), (2, '2025-01-01', 0)");
      expect(cli.run(config, ['sync', '-t', key('bools')]).status).toBe(0);
      expect(await warehouseType('bools', 'flag')).toBe('boolean');
      await db.exec("INSERT INTO bools VALUES (3, '2025-01-02', 5)");
      const r = cli.run(config, ['sync', '-t', key('bools')]);
      expect(r.status).not.toBe(0);
      expect(r.stderr).toContain(`table ${key('bools')}: column flag of the row with id=3 holds 5, which is not a boolean`);
      expect(r.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
      expect(await pg.rows(`SELECT id, flag FROM "${db.database}".bools ORDER BY id`)).toEqual([
        { id: 1, flag: true },
        { id: 2, flag: false },
      ]);
    });

    it('with nonBooleanValues: log (pipeline-wide) loads NULL for 5 and reports the key', async () => {
      const config = cli.writeConfig('nulls', {
        pipelines: {
          default: `connection: default\ntinyint1: boolean\nnonBooleanValues: log\ntables:\n  ${db.database}.nulls:\n`,
        },
      });
      await db.exec('CREATE TABLE nulls (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, flag TINYINT(1))');
      await db.exec("INSERT INTO nulls VALUES (1, '2025-01-01', 1), (2, '2025-01-01', 5)");
      const r = cli.run(config, ['sync', '-t', key('nulls')]);
      expect(r.status).toBe(0);
      expect(r.stdout + r.stderr).toContain('column flag of the row with id=2 (5)');
      expect(await pg.rows(`SELECT id, flag FROM "${db.database}".nulls ORDER BY id`)).toEqual([
        { id: 1, flag: true },
        { id: 2, flag: null },
      ]);
    });

    it('keeps BOOLEAN for a table whose warehouse column is already BOOLEAN, still refusing 5', async () => {
      // Loaded as BOOLEAN (as every TINYINT(1) was before), then synced without the option, as after an upgrade.
      const before = configWith('legacy-before', `  ${db.database}.legacy:\n    tinyint1: boolean\n`);
      const after = configWith('legacy-after', `  ${db.database}.legacy:\n`);
      await db.exec('CREATE TABLE legacy (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, flag TINYINT(1))');
      await db.exec("INSERT INTO legacy VALUES (1, '2025-01-01', 1)");
      expect(cli.run(before, ['sync', '-t', key('legacy')]).status).toBe(0);
      await db.exec("INSERT INTO legacy VALUES (2, '2025-01-02', 0)");
      const r = cli.run(after, ['sync', '-t', key('legacy')]);
      expectOk(r);
      expect(await warehouseType('legacy', 'flag')).toBe('boolean');
      expect(await pg.rows(`SELECT id, flag FROM "${db.database}".legacy ORDER BY id`)).toEqual([
        { id: 1, flag: true },
        { id: 2, flag: false },
      ]);
      // verify compares it as the warehouse holds it (boolean), so the table matches.
      expectOk(cli.run(after, ['verify', '-t', key('legacy')]));
      await db.exec("INSERT INTO legacy VALUES (3, '2025-01-03', 5)");
      const bad = cli.run(after, ['sync', '-t', key('legacy')]);
      expect(bad.status).not.toBe(0);
      expect(bad.stderr).toContain('column flag of the row with id=3 holds 5, which is not a boolean');
      // Switching it, as docs/types.md says: alter the warehouse column; from then on it is SMALLINT.
      await pg.rows(`ALTER TABLE "${db.database}".legacy ALTER COLUMN flag TYPE SMALLINT USING flag::int`);
      expectOk(cli.run(after, ['sync', '-t', key('legacy')]));
      expect(await pg.rows(`SELECT id, flag FROM "${db.database}".legacy ORDER BY id`)).toEqual([
        { id: 1, flag: 1 },
        { id: 2, flag: 0 },
        { id: 3, flag: 5 },
      ]);
    });

    it('refuses an unknown tinyint1 or nonBooleanValues in config validate, naming the option', () => {
      const config = configWith('badopt', `  ${db.database}.flags:\n    tinyint1: bool\n    nonBooleanValues: coerce\n`);
      const r = cli.run(config, ['config', 'validate']);
      expect(r.status).not.toBe(0);
      expect(r.stderr + r.stdout).toMatch(/tinyint1.*smallint.*boolean/);
      expect(r.stderr + r.stdout).toMatch(/nonBooleanValues.*fail.*log/);
    });
  });
});
