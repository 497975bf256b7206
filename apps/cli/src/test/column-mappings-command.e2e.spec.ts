import { MysqlFixture } from '@tidemark/testing';
import { CliFixture, CliWorld } from './cli.fixture';

describe('tidemark column-mappings (built binary, real servers)', () => {
  const world = new CliWorld();
  let db: MysqlFixture;
  let cli: CliFixture;
  let config: string;

  beforeAll(async () => {
    ({ db, cli } = await world.open('tm_colmap'));
    config = cli.writeConfig('config', {
      pipelines: { default: `connection: default\ntables:\n  ${db.database}.odd:\n  ${db.database}.later:\n` },
    });
    await db.exec('CREATE TABLE odd (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, `190_time` INT, `Order Total` INT, `order_total` INT)');
    await db.exec("INSERT INTO odd VALUES (1, '2025-01-01', 1, 2, 3)");
    await db.exec('CREATE TABLE later (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL)');
    expect(cli.run(config, ['sync', '-t', `${db.database}.odd`]).status).toBe(0);
  });

  afterAll(() => world.close());

  it('shows each source column with its warehouse name and type, marking renames', () => {
    const r = cli.run(config, ['column-mappings', 'show', '-t', `${db.database}.odd`]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe(`${db.database}.odd → ${db.database}.odd`);
    expect(lines.slice(2).map((l) => l.split(/\s{2,}/))).toEqual([
      ['id', 'id', 'INTEGER'],
      ['updated_at', 'updated_at', 'TIMESTAMP(6)'],
      ['190_time', 'col_190_time', 'INTEGER', 'renamed'],
      ['Order Total', 'order_total_2', 'INTEGER', 'renamed'],
      ['order_total', 'order_total', 'INTEGER'],
    ]);
  });

  it('lists every table of the pipeline, including one not loaded yet, and prints JSON', () => {
    const r = cli.run(config, ['column-mappings', 'list']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`${db.database}\\.odd\\s+${db.database}\\.odd\\s+5\\s+2`));
    expect(r.stdout).toMatch(new RegExp(`${db.database}\\.later\\s+${db.database}\\.later\\s+not loaded yet`));
    const json = JSON.parse(cli.run(config, ['column-mappings', 'list', '--json']).stdout);
    expect(json.map((v: { table: string; columns: unknown[] }) => [v.table, v.columns.length])).toEqual([
      [`${db.database}.odd`, 5],
      [`${db.database}.later`, 0],
    ]);
  });

  it('refuses an unknown pipeline with a clear error', () => {
    const r = cli.run(config, ['column-mappings', 'list', '-p', 'nope']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/pipeline "nope" is not defined/);
  });
});
