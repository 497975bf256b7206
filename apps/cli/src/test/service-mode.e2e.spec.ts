import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { buildApps, closedPort, MysqlFixture, PostgresFixture, ServiceProcess } from '@tidemark/testing';
import { CliFixture, CliWorld, ROOT } from './cli.fixture';

const TOKEN = 'service-mode-token-0123456789';

describe('the CLI against a running watermark service (--service)', () => {
  const world = new CliWorld();
  let db: MysqlFixture;
  let pg: PostgresFixture;
  let cli: CliFixture;
  let service: ServiceProcess;
  let url: string;
  let config: string;
  let table: string;

  beforeAll(async () => {
    buildApps('watermark-service');
    ({ db, pg, cli } = await world.open('tm_svc'));
    const serviceConfig = cli.writeConfig('service-config');
    config = cli.writeConfig('config');
    table = `${db.database}.orders`;
    await db.exec('CREATE TABLE orders (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL)');
    await db.exec("INSERT INTO orders VALUES (1, '2025-08-01 10:00:00.000001'), (2, '2025-08-01 10:00:00.000002')");
    service = await ServiceProcess.start(join(ROOT, 'dist/apps/watermark-service/main.js'), {
      TIDEMARK_CONFIG: serviceConfig,
      TIDEMARK_API_TOKEN: TOKEN,
    });
    url = service.url;
  });

  afterAll(async () => {
    await service?.stop();
    await world.close();
  });

  const viaService = (...args: string[]) => cli.run(config, ['--service', url, ...args], { TIDEMARK_API_TOKEN: TOKEN });

  it('syncs with every watermark operation going over HTTP to the service', async () => {
    const sync = viaService('sync', '-t', table);
    expect(sync.stderr).toMatch(new RegExp(`^${table}: 2 (of ~\\d+ )?rows in 1 file\\(s\\) so far`, 'm'));
    expect(sync.status).toBe(0);
    const remote = JSON.parse(viaService('watermark', 'get', '-t', table, '--json').stdout);
    expect(remote.extract).toMatchObject({ rowsExtracted: 2, cursor: { timestamp: '2025-08-01 10:00:00.000002', primaryKey: ['2'] } });
    expect(remote.load.rowsLoaded).toBe(2);
    // The CLI's own embedded store was never written.
    const local = cli.run(config, ['watermark', 'get', '-t', table]);
    expect(local.status).toBe(1);
    expect(local.stderr).toMatch(/has never been synced/);
    const rows = await pg.rows(`SELECT id FROM "${db.database}".orders ORDER BY id`);
    expect(rows).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('sets the cursor and reads the history through the service', () => {
    const set = viaService('watermark', 'set', '-t', table, '--timestamp', '2025-08-01 10:00:00.000001', '--id', '1');
    expect(set.status).toBe(0);
    const history = JSON.parse(viaService('watermark', 'history', '-t', table, '--json').stdout);
    expect(history[history.length - 1]).toMatchObject({ action: 'set', actor: expect.stringMatching(/^cli:/) });
    expect(viaService('sync', '-t', table).stdout).toContain('extracted 1 rows');
  });

  it('records a failure to reach MySQL on the extract stage of a table never synced, through the service; a sync that works clears it', async () => {
    const port = await closedPort();
    const noMysql = cli.writeConfig('config-no-mysql', { mysqlPort: port });
    const fresh = `${db.database}.fresh`;
    await db.exec("CREATE TABLE fresh (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL)");
    await db.exec("INSERT INTO fresh VALUES (1, '2025-08-01 10:00:00')");
    const env = { TIDEMARK_API_TOKEN: TOKEN };
    const failed = cli.run(noMysql, ['--service', url, 'sync', '-t', fresh], env);
    expect(failed.status).toBe(1);
    const remote = JSON.parse(viaService('watermark', 'get', '-t', fresh, '--json').stdout);
    expect(remote.extract).toMatchObject({
      status: 'failed',
      lastError: `cannot connect to MySQL connection "default" at 127.0.0.1:${port} as root: ECONNREFUSED connect ECONNREFUSED 127.0.0.1:${port}`,
      lastRunAt: expect.any(String),
    });
    expect(viaService('status').status).toBe(1);

    expect(viaService('sync', '-t', fresh).status).toBe(0);
    expect(JSON.parse(viaService('watermark', 'get', '-t', fresh, '--json').stdout).extract).toMatchObject({ status: 'success', lastError: null });
    expect(viaService('status').status).toBe(0);
  });

  it('says clearly when the token is wrong or the service is down', () => {
    const wrong = cli.run(config, ['--service', url, 'watermark', 'list'], { TIDEMARK_API_TOKEN: 'wrong-token-0123456789' });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toBe(`error: the watermark service at ${url} refused the token (401): set TIDEMARK_API_TOKEN\n`);
    const down = cli.run(config, ['--service', 'http://127.0.0.1:9', 'watermark', 'list'], { TIDEMARK_API_TOKEN: TOKEN });
    expect(down.status).toBe(1);
    expect(down.stderr).toMatch(/^error: cannot reach the watermark service at http:\/\/127\.0\.0\.1:9/);
  });

  it('refuses to start without an API token', () => {
    const r = execFileSync('node', ['-e', `
      const { spawnSync } = require('node:child_process');
      const r = spawnSync('node', [${JSON.stringify(join(ROOT, 'dist/apps/watermark-service/main.js'))}], { env: { ...process.env, TIDEMARK_API_TOKEN: '', PORT: '39999' }, encoding: 'utf8', timeout: 20000 });
      process.stdout.write(JSON.stringify({ status: r.status, output: r.stdout + r.stderr }));
    `], { encoding: 'utf8' });
    // The service logs JSON lines (docs/observability.md); the reason is in its one fatal line.
    const { status, output } = JSON.parse(r);
    expect(status).toBe(1);
    expect(output).toMatch(/"level":"fatal".*TIDEMARK_API_TOKEN must be set to a secret of at least 16 characters/);
  });
});
