import { MysqlFixture } from '@tidemark/testing';
import { CliFixture, CliWorld } from './cli.fixture';

/** `sync --debug` shows every statement sent to MySQL and to the warehouse, with its bound values apart. */
describe('sync --debug prints the SQL (built binary)', () => {
  const world = new CliWorld();
  let db: MysqlFixture;
  let cli: CliFixture;
  let config: string;

  beforeAll(async () => {
    ({ db, cli } = await world.open('hu_dbg'));
    config = cli.writeConfig('config', {
      pipelines: { default: `connection: default\ntables:\n  ${db.database}.events:\n    loadMode: merge\n` },
    });
    await db.exec('CREATE TABLE events (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, note TEXT)');
    await db.exec("INSERT INTO events SELECT seq, '2025-01-01', REPEAT('x', 500) FROM seq_1_to_20");
  });

  afterAll(() => world.close());

  it('shows the source query with its values, and the warehouse statements', () => {
    const r = cli.run(config, ['sync', '-t', `${db.database}.events`, '--debug']);
    expect(r.status).toBe(0);
    const lines = r.stderr.split('\n');
    const mysql = lines.filter((l) => / sql mysql \(MySQL connection "default" at [^)]+\): /.test(l));
    // The read of the table's rows, its values (the upper bound, the page size) on the next line.
    // A first run reads in key order through the primary key (ADR 0050).
    const read = lines.findIndex((l) =>
      / sql mysql .*SELECT `id`, `updated_at`, `note` FROM `[^`]+`\.`events` FORCE INDEX \(PRIMARY\) WHERE .* ORDER BY `id` LIMIT \?$/.test(l),
    );
    expect(read).toBeGreaterThanOrEqual(0);
    expect(lines[read + 1]).toMatch(/^debug \S+ {3}values: \["2\d{3}-[^"]+", \d+\]$/);
    expect(mysql.length).toBeGreaterThan(1);
    const warehouse = lines.filter((l) => / sql warehouse \([^)]+\): /.test(l));
    expect(warehouse.some((l) => /\bCOPY\b/.test(l))).toBe(true);
    expect(warehouse.some((l) => /\bCOMMIT\b/.test(l))).toBe(true);
    const ledger = lines.findIndex((l) => / sql warehouse .*INSERT INTO "[^"]+"\."_tidemark_loads" .*VALUES \(\$1/.test(l));
    expect(lines[ledger + 1]).toContain(`values: [`);
    expect(lines[ledger + 1]).toContain(`"default", "${db.database}.events"`);
  });
});
