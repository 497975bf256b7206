import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MysqlFixture, PostgresFixture } from '@tidemark/testing';
import { CliFixture, CliWorld } from './cli.fixture';

/** What the built CLI loads (ADR 0053) and starts (ADR 0054) that it does not need. */
describe('the costs of the built CLI', () => {
  const world = new CliWorld();
  let db: MysqlFixture;
  let pg: PostgresFixture;
  let cli: CliFixture;

  beforeAll(async () => {
    ({ db, pg, cli } = await world.open('tm_start'));
    await db.exec(`CREATE TABLE orders (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL)`);
    await db.exec(`INSERT INTO orders VALUES (1, '2025-08-01 10:00:00.000001')`);
    // More rows than the CSV writer holds before it streams them through a named pipe (20,000).
    await db.exec(`CREATE TABLE events (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, note VARCHAR(40))`);
    await db.exec(
      `INSERT INTO events SELECT seq, '2025-08-01 10:00:00' + INTERVAL seq SECOND, CONCAT('event ', seq) FROM seq_1_to_30000`,
    );
  });

  afterAll(() => world.close());

  it('a sync into PostgreSQL does not load Node 20 fetch (undici: 37 ms and 9 MiB), which pg probes for Cloudflare Workers', async () => {
    // A preload that writes, at exit, which of Node's own modules the process loaded.
    const preload = join(cli.dir.path, 'loaded-modules.js');
    const loaded = join(cli.dir.path, 'loaded-modules.json');
    writeFileSync(
      preload,
      `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(loaded)}, JSON.stringify(process.moduleLoadList)));`,
    );
    const config = cli.writeConfig('config');
    cli.ok(config, ['sync', '-t', `${db.database}.orders`], { NODE_OPTIONS: `--require ${preload}` });

    expect(await pg.rows(`SELECT id FROM "${db.database}".orders`)).toEqual([{ id: 1 }]);
    const modules: string[] = JSON.parse(readFileSync(loaded, 'utf8'));
    expect(modules).toContain('NativeModule net');
    expect(modules.filter((name) => name.includes('undici'))).toEqual([]);
  });

  it('a sync whose rows stream through named pipes (extract and load) starts no process: no `mkfifo` is on its PATH', async () => {
    // PATH holds node alone: a command the CLI started by name would not be found.
    const bin = join(cli.dir.path, 'node-only');
    mkdirSync(bin);
    symlinkSync(process.execPath, join(bin, 'node'));
    const config = cli.writeConfig('pipes');
    const out = cli.ok(config, ['sync', '-t', `${db.database}.events`, '--json'], { PATH: bin });

    const [table] = JSON.parse(out).tables;
    expect([table.extract.rows, table.load.rowsStaged]).toEqual([30_000, 30_000]);
    expect(await pg.rows(`SELECT count(*)::int AS n, sum(id)::int AS ids FROM "${db.database}".events`)).toEqual([
      { n: 30_000, ids: (30_000 * 30_001) / 2 },
    ]);
  });
});
