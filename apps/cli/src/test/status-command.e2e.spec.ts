import { buildApps, RealServers } from '@tidemark/testing';
import { CliFixture } from './cli.fixture';

describe('tidemark status (built binary, real servers)', () => {
  let servers: RealServers;
  let cli: CliFixture;
  let config: string;
  let orders: string;
  let broken: string;
  const run = (...args: string[]) => cli.run(config, args);

  beforeAll(async () => {
    buildApps('cli');
    servers = await RealServers.open('tm_status');
    cli = new CliFixture();
    const db = servers.db.database;
    orders = `${db}.orders`;
    broken = `${db}.broken`;
    config = cli.writeConfig('config', {
      pipelines: { shop: `connection: default\ntables:\n  ${orders}:\n  ${broken}:\n  ${db}.later:\n` },
    });
    await servers.db.exec('CREATE TABLE orders (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL)');
    await servers.db.exec("INSERT INTO orders VALUES (1, '2025-08-01 10:00:00'), (2, '2025-08-01 10:00:30')");
    await servers.db.exec('CREATE TABLE broken (id INT PRIMARY KEY, updated_at DATETIME NOT NULL)');
    await servers.db.exec("INSERT INTO broken VALUES (1, '2025-08-01 10:00:00')");
    expect(run('sync', '-p', 'shop', '-t', orders, '--backup-only').status).toBe(0);
    // A warehouse table whose types cannot take the rows: the load fails and says so.
    await servers.pg.client.query(`CREATE SCHEMA "${db}"`);
    await servers.pg.client.query(`CREATE TABLE "${db}".broken (id INT PRIMARY KEY, updated_at INT)`);
    expect(run('sync', '-p', 'shop', '-t', broken).status).toBe(1);
  });

  afterAll(async () => {
    await servers?.close();
    cli?.remove();
  });

  it('lists synced, failed and never-synced tables, with what waits to be loaded, and exits 1 for the failure', () => {
    const r = run('status', '-p', 'shop');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`shop\\s+${orders}\\s+success\\s+2025-08-01 10:00:30.000000\\s+1 \\(2 rows\\)\\s+pending`));
    // LAST RUN, then RESTORABLE FROM (the one manifest's time: its files are all there), then LAST ERROR.
    expect(r.stdout).toMatch(new RegExp(`shop\\s+${broken}\\s+success\\s+\\S+ \\S+\\s+1 \\(1 rows\\)\\s+failed\\s+\\S+\\s+\\d{4}-\\S+Z\\s+column updated_at of ${broken} is INTEGER in the warehouse`));
    const w = JSON.parse(run('watermark', 'get', '-p', 'shop', '-t', broken, '--json').stdout);
    expect(w.load.lastError).toMatch(/column updated_at of .* is INTEGER in the warehouse, but source column updated_at \(datetime\) now needs TIMESTAMP, a different type/);
    expect(r.stdout).toContain(`\nshop ${broken} load failed at ${w.load.lastRunAt}: ${w.load.lastError}\n`);
    expect(r.stdout).toMatch(/\.later\s+never synced/);
  });

  it('shows how far the cursor trails the source with --lag', async () => {
    await servers.db.exec("INSERT INTO orders VALUES (3, '2025-08-01 10:05:30')");
    const list = JSON.parse(run('status', '-p', 'shop', '--lag', '--json').stdout) as Array<{ table: string; lagSeconds?: number | null; lagError?: string }>;
    expect(list.find((s) => s.table === orders)?.lagSeconds).toBe(300);
    const later = list.find((s) => s.table.endsWith('.later')) as { lagError?: string };
    expect(later.lagError).toMatch(/later does not exist/);
  });
});
