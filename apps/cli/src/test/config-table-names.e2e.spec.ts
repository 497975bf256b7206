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
        "each would overwrite the other's rows; move one to a pipeline with another targetSchema",
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
});
