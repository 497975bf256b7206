import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildApps, makeTempDir, MYSQL, RealServers } from '@tidemark/testing';
import { CliFixture } from './cli.fixture';
import { runInDir as runIn } from './run-in-dir.fixture';

const FILES = ['tidemark.yml', 'connections/default.yml', 'pipelines/default.yml'];

describe('tidemark init (built binary)', () => {
  let temp: ReturnType<typeof makeTempDir>;

  beforeAll(() => buildApps('cli'));
  beforeEach(() => (temp = makeTempDir()));
  afterEach(() => temp.remove());

  it('writes ./config, and `tidemark config validate` accepts it with no variable set', () => {
    const init = runIn(temp.path, ['init']);
    expect(init.stderr).toBe('');
    expect(init.status).toBe(0);
    expect(init.stdout).toContain(FILES.map((f) => `  config/${f}`).join('\n'));
    expect(init.stdout).toContain('then run `tidemark config validate`');
    const validate = runIn(temp.path, ['config', 'validate'], { MYSQL_PASSWORD: '', WAREHOUSE_PASSWORD: '' });
    expect(validate.stderr).toBe('');
    expect(validate.stdout).toBe('valid: 1 connections, 1 pipelines, 1 tables\n');
    expect(validate.status).toBe(0);
  });

  it('writes DIR/config, commented, with secrets taken from variables', () => {
    expect(runIn(temp.path, ['init', 'project']).status).toBe(0);
    const config = join(temp.path, 'project', 'config');
    const main = readFileSync(join(config, 'tidemark.yml'), 'utf8');
    expect(main).toContain('\n# watermarkStore:\n#   type: postgres\n');
    expect(main).toContain('\n# objectStore:\n#   type: s3\n');
    expect(main).toContain('\n# warehouse:\n#   type: redshift\n');
    expect(main).toContain('${AWS_SECRET_ACCESS_KEY}');
    expect(readFileSync(join(config, 'connections/default.yml'), 'utf8')).toContain('password: "${MYSQL_PASSWORD:-}"');
    const validate = runIn(temp.path, ['--config', 'project/config', 'config', 'validate']);
    expect(validate.status).toBe(0);
  });

  it('refuses to overwrite an existing config and writes nothing, unless --force', () => {
    const config = join(temp.path, 'config');
    expect(runIn(temp.path, ['init']).status).toBe(0);
    writeFileSync(join(config, 'tidemark.yml'), '# mine\n');
    rmSync(join(config, 'pipelines/default.yml'));

    const again = runIn(temp.path, ['init']);
    expect(again.status).toBe(1);
    expect(again.stdout).toBe('');
    expect(again.stderr).toBe(
      'error: a config already exists: config/tidemark.yml, config/connections/default.yml (nothing was written; add --force to replace these files)\n',
    );
    expect(readFileSync(join(config, 'tidemark.yml'), 'utf8')).toBe('# mine\n');
    expect(existsSync(join(config, 'pipelines/default.yml'))).toBe(false);

    expect(runIn(temp.path, ['init', '--force']).status).toBe(0);
    expect(readFileSync(join(config, 'tidemark.yml'), 'utf8')).toMatch(/^# Tidemark/);
    expect(runIn(temp.path, ['config', 'validate']).status).toBe(0);
  });

  it('writes to --config when no DIR is given, and refuses both at once', () => {
    expect(runIn(temp.path, ['--config', 'elsewhere', 'init']).status).toBe(0);
    expect(existsSync(join(temp.path, 'elsewhere', 'tidemark.yml'))).toBe(true);
    const both = runIn(temp.path, ['--config', 'x', 'init', 'y']);
    expect(both.status).toBe(1);
    expect(both.stderr).toBe('error: give the project directory DIR or --config, not both\n');
    expect(existsSync(join(temp.path, 'x'))).toBe(false);
    expect(existsSync(join(temp.path, 'y'))).toBe(false);
  });
});

describe('the config tidemark init writes, against the local servers', () => {
  let servers: RealServers;
  let cli: CliFixture;

  beforeAll(async () => {
    buildApps('cli');
    servers = await RealServers.open('tm_init');
    cli = new CliFixture();
    await servers.db.exec(
      'CREATE TABLE orders (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, note VARCHAR(20))',
    );
    await servers.db.exec(
      "INSERT INTO orders VALUES (1, '2025-08-01 10:00:00.000001', 'a'), (2, '2025-08-01 10:00:00.000002', NULL)",
    );
  });

  afterAll(async () => {
    await servers?.close();
    cli?.remove();
  });

  it('syncs a table with no edit: SQLite store, local objects, MariaDB and PostgreSQL on 127.0.0.1', async () => {
    const config = join(cli.dir.path, 'config');
    expect(cli.run(config, ['init']).status).toBe(0);
    const table = `${servers.db.database}.orders`;
    const sync = cli.run(config, ['sync', '-t', table], { MYSQL_PASSWORD: MYSQL.password });
    expect(sync.stderr).not.toContain('error');
    expect(sync.status).toBe(0);
    expect(sync.stdout).toContain(`${table}: loaded 2 rows`);
    expect(await servers.pg.rows(`SELECT id, note FROM "${servers.db.database}".orders ORDER BY id`)).toEqual([
      { id: 1, note: 'a' },
      { id: 2, note: null },
    ]);
    expect(existsSync(join(cli.dir.path, '.tidemark/watermarks.sqlite'))).toBe(true);
    expect(
      existsSync(join(cli.dir.path, '.tidemark/objects/tidemark/default/default', servers.db.database, 'orders')),
    ).toBe(true);
  });
});
