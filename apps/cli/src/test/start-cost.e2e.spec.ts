import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MysqlFixture, PostgresFixture } from '@tidemark/testing';
import { CliFixture, CliWorld } from './cli.fixture';

/** What a start of the built CLI loads that it does not need (ADR 0053). */
describe('the start of the built CLI', () => {
  const world = new CliWorld();
  let db: MysqlFixture;
  let pg: PostgresFixture;
  let cli: CliFixture;

  beforeAll(async () => {
    ({ db, pg, cli } = await world.open('tm_start'));
    await db.exec(`CREATE TABLE orders (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL)`);
    await db.exec(`INSERT INTO orders VALUES (1, '2025-08-01 10:00:00.000001')`);
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
});
