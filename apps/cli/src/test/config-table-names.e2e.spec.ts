import { MysqlFixture, PostgresFixture } from '@tidemark/testing';
import { CliFixture, CliWorld } from './cli.fixture';

/** `tidemark config validate` and `sync` on table entries that name one table twice or share a warehouse table. */
describe('one table, two names (built binary, real MariaDB and PostgreSQL)', () => {
  const world = new CliWorld();
  let db: MysqlFixture;
  let pg: PostgresFixture;
  let cli: CliFixture;
  let configs = 0;
  const configWith = (pipeline: string) => cli.writeConfig(`config-${++configs}`, { pipelines: { orders: pipeline } });

  beforeAll(async () => {
    ({ db, pg, cli } = await world.open('tm_names'));
    await db.exec('CREATE TABLE orders (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL)');
    await db.exec("INSERT INTO orders VALUES (1, '2025-01-01')");
  });
  afterAll(() => world.close());

  const tables = (...lines: string[]) => `connection: default\ntables:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;

  it.each<[string, string[], string]>([
    [
      'the default connection written both ways',
      ['shop.orders:', 'default:shop.orders:'],
      'pipelines/orders.yml:4 tables.default:shop.orders: names the same table as "shop.orders" (default:shop.orders): ' +
        'one table would get two watermarks and two sets of manifests for one target; keep one of the two entries',
    ],
    [
      'two tables whose warehouse names are one',
      ['shop.Order_Lines:', 'shop.order$lines:'],
      'pipelines/orders.yml:4 tables.shop.order$lines: loads into the same warehouse table shop.order_lines as "shop.Order_Lines": ' +
        "each would overwrite the other's rows; give one a targetTable (or move it to a pipeline with another targetSchema)",
    ],
    [
      "a table named like Tidemark's load ledger",
      ['shop._tidemark_loads:'],
      'pipelines/orders.yml:3 tables.shop._tidemark_loads: would load into shop._tidemark_loads, a table Tidemark keeps ' +
        'for itself in every target schema (_tidemark_loads, _tidemark_columns): it cannot be synced',
    ],
  ])('config validate refuses %s, naming the entries at fault (exit 1)', (_what, entries, problem) => {
    const config = configWith(tables(...entries));
    const r = cli.run(config, ['config', 'validate']);
    expect([r.status, r.stdout, r.stderr]).toEqual([
      1,
      '',
      `${config}/${problem}\nerror: the config is not valid: 1 problem(s)\n`,
    ]);
  });

  const configOf = (pipelines: Record<string, string>) => cli.writeConfig(`config-${++configs}`, { pipelines });

  it.each<[string, Record<string, string>, string]>([
    [
      'one table synced by two pipelines into one warehouse table',
      { a: tables('shop.orders:'), b: tables('shop.orders:') },
      'pipelines/b.yml:3 tables.shop.orders: pipeline a already syncs this table into shop.orders: one table would get ' +
        'two watermarks and two sets of manifests for one target; keep it in one pipeline, or give one a targetTable',
    ],
    [
      'two tables of two pipelines whose warehouse names are one',
      { a: tables('shop.Order_Lines:'), b: tables('shop.order$lines:') },
      'pipelines/b.yml:3 tables.shop.order$lines: loads into the same warehouse table shop.order_lines as "shop.Order_Lines" ' +
        "of pipeline a: each pipeline's loads would overwrite the other's rows; give one a targetTable " +
        '(or its pipeline another targetSchema)',
    ],
    [
      'a targetTable that is the warehouse name of another entry',
      { a: tables('shop.orders:', 'shop.orders_old: { targetTable: orders }') },
      'pipelines/a.yml:4 tables.shop.orders_old: loads into the same warehouse table shop.orders as "shop.orders": ' +
        "each would overwrite the other's rows; give one a targetTable (or move it to a pipeline with another targetSchema)",
    ],
    [
      'a targetTable that is no table name',
      { a: tables('shop.orders: { targetTable: "orders; --" }') },
      'pipelines/a.yml:3 tables.shop.orders.targetTable: "orders; --" is not a table name: use 1 to 64 letters, digits, _ or $ (got "orders; --")',
    ],
  ])('config validate refuses %s (exit 1)', (_what, pipelines, problem) => {
    const config = configOf(pipelines);
    const r = cli.run(config, ['config', 'validate']);
    expect([r.status, r.stdout, r.stderr]).toEqual([1, '', `${config}/${problem}\nerror: the config is not valid: 1 problem(s)\n`]);
  });

  it('sync --dry-run refuses two pipelines that load into one warehouse table, before it reads anything', () => {
    const config = configOf({ a: tables(`${db.database}.orders:`), b: tables(`${db.database}.orders:`) });
    const r = cli.run(config, ['sync', '--dry-run', '-p', 'a', '-t', `${db.database}.orders`]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`pipelines/b.yml:3 tables.${db.database}.orders: pipeline a already syncs this table into ${db.database}.orders`);
    expect(r.stdout).toBe('');
  });

  it('sync refuses a -t key that spells a configured table another way, before it extracts anything', async () => {
    const config = configWith(tables(`${db.database}.orders:`));
    const r = cli.run(config, ['sync', '-p', 'orders', '-t', `default:${db.database}.orders`]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      `pipeline orders: table "default:${db.database}.orders" names the same table as "${db.database}.orders" (default:${db.database}.orders)`,
    );
    expect(await pg.rows(`SELECT 1 FROM information_schema.schemata WHERE schema_name = $1`, [db.database])).toEqual([]);
    const list = cli.run(config, ['watermark', 'list', '-p', 'orders', '--json']);
    expect(list.stdout).not.toContain(`default:${db.database}.orders`);
  });

  it('sync of the table under its configured key still works', () => {
    const config = configWith(tables(`${db.database}.orders:`));
    const r = cli.run(config, ['sync', '-p', 'orders', '-t', `${db.database}.orders`]);
    expect([r.status, r.stderr]).toEqual([0, expect.any(String)]);
  });

  it('a per-table targetTable loads the table under that name, and two pipelines can then sync one table', async () => {
    const config = configOf({
      a: tables(`${db.database}.orders:`),
      b: tables(`${db.database}.orders: { targetTable: orders_copy }`),
    });
    expect(cli.run(config, ['config', 'validate']).status).toBe(0);
    const r = cli.run(config, ['sync', '-p', 'b', '-t', `${db.database}.orders`]);
    expect([r.status, r.stderr]).toEqual([0, expect.any(String)]);
    expect(await pg.rows(`SELECT id FROM "${db.database}".orders_copy`)).toEqual([{ id: 1 }]);
  });
});
