import { join } from 'node:path';
import { MysqlFixture } from '@tidemark/testing';
import { CliFixture, CliWorld, ROOT } from './cli.fixture';

const FIXTURES = join(ROOT, 'libs/watermark-model/src/fixtures');

describe('tidemark watermark and watermark-count (built binary, real servers)', () => {
  const world = new CliWorld();
  let db: MysqlFixture;
  let cli: CliFixture;
  let config: string;
  let table: string;
  const run = (...args: string[]) => cli.run(config, args);
  const ok = (...args: string[]) => cli.ok(config, args);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const json = <T = Record<string, any>>(...args: string[]): T => cli.json<T>(config, args);

  beforeAll(async () => {
    ({ db, cli } = await world.open('tm_wmcli'));
    config = cli.writeConfig('config');
    table = `${db.database}.orders`;
    await db.exec('CREATE TABLE orders (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL)');
    await db.exec("INSERT INTO orders VALUES (1, '2025-08-01 10:00:00.000001'), (2, '2025-08-01 10:00:00.000002'), (3, '2025-08-02 00:00:00')");
    ok('sync', '-t', table);
  });

  afterAll(() => world.close());

  it('get --show-files lists each manifest and its Parquet files', () => {
    const out = ok('watermark', 'get', '-t', table, '--show-files');
    expect(out).toContain('1 manifest(s):');
    expect(out).toMatch(/loaded\s+3 rows/);
    expect(out).toMatch(/file:\/\/\/.*\/orders\/\d{4}\/\d{2}\/\d{2}\/.*-00001\.parquet/);
  });

  it('list shows every table, and filters by status', () => {
    expect(ok('watermark', 'list')).toMatch(new RegExp(`default\\s+${table}\\s+success\\s+2025-08-02 00:00:00.000000\\s+3\\s+success\\s+3`));
    expect(ok('watermark', 'list', '--status', 'failed')).toBe('No watermarks.\n');
    const bad = run('watermark', 'list', '--status', 'done');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/argument 'done' is invalid/);
  });

  it('set moves the cursor by hand, and a load-only run leaves it alone', () => {
    const out = ok('watermark', 'set', '-t', table, '--timestamp', '2025-08-01 10:00:00.000001', '--id', '1');
    expect(out).toContain('(cursor set by hand)');
    expect(out).toContain('Next incremental run starts after 2025-08-01 10:00:00.000001, key (1)');
    ok('sync', '-t', table, '--redshift-only');
    expect(json('watermark', 'get', '-t', table).extract.cursor).toEqual({ timestamp: '2025-08-01 10:00:00.000001', primaryKey: ['1'] });
    const next = ok('sync', '-t', table, '--backup-only');
    expect(next).toContain('extracted 2 rows');
  });

  it.each([
    [['--timestamp', 'None'], /^error: invalid timestamp "None"/],
    [['--timestamp', ''], /^error: invalid timestamp ""/],
    [['--timestamp', '2999-01-01'], /^error: timestamp "2999-01-01" is in the future/],
    [[], /^error: give --timestamp, --id, or both/],
  ])('set refuses %j with one line and changes nothing', (args, message) => {
    const before = json('watermark', 'get', '-t', table);
    const r = run('watermark', 'set', '-t', table, ...args);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(json('watermark', 'get', '-t', table)).toEqual(before);
  });

  it('history lists the changes and restore brings one back as a new change', () => {
    const history = json<Array<{ id: number; action: string; after: { extract: { cursor: { timestamp: string } } } }>>('watermark', 'history', '-t', table);
    const firstCommit = history.find((h) => h.action === 'extract-commit');
    expect(firstCommit?.after.extract.cursor.timestamp).toBe('2025-08-02 00:00:00.000000');
    expect(ok('watermark', 'history', '-t', table)).toMatch(/#\d+\s+\S+\s+set\s+by cli:/);
    const restored = json('watermark', 'restore', '-t', table, '--version', String(firstCommit?.id));
    expect(restored.extract.cursor.timestamp).toBe('2025-08-02 00:00:00.000000');
    expect(json<unknown[]>('watermark', 'history', '-t', table)).toHaveLength(history.length + 1);
  });

  it('reset needs --yes, resets one stage with --mysql-only, and is final', () => {
    const refused = run('watermark', 'reset', '-t', table);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/is final: add --yes to confirm/);
    const before = json('watermark', 'get', '-t', table);
    const after = json('watermark', 'reset', '-t', table, '--mysql-only', '--yes');
    expect(after.extract).toMatchObject({ cursor: { timestamp: null, primaryKey: null }, rowsExtracted: 0, filesCreated: 0 });
    expect(after.load).toEqual(before.load);
    expect(ok('sync', '-t', table)).toContain('extracted 3 rows');
    const both = json('watermark', 'force-reset', '-t', table, '--yes');
    expect(both.load.rowsLoaded).toBe(0);
  });

  it('validate-counts compares with manifests and the warehouse ledger; set-count corrects', () => {
    ok('sync', '-t', table);
    ok('watermark-count', 'set-count', '-t', table, '--stage', 'load', '--rows', '999');
    const bad = run('watermark-count', 'validate-counts', '-t', table);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/MISMATCH\s+loadRows\s+recorded 999/);
    expect(bad.stdout).toMatch(/the target table holds 3 rows/);
    const report = JSON.parse(run('watermark-count', 'validate-counts', '-t', table, '--json').stdout);
    const ledgerRows = report.checks.loadRows.warehouse;
    ok('watermark-count', 'set-count', '-t', table, '--stage', 'load', '--rows', String(report.checks.loadRows.fromManifests));
    expect(report.checks.loadRows.fromManifests).toBe(ledgerRows);
    const fixed = run('watermark-count', 'validate-counts', '-t', table);
    expect(fixed.stdout).toContain('Counts agree.');
    expect(fixed.status).toBe(0);
  });

  it("imports the old tool's v1 and v2 files and round-trips an export", () => {
    const out = ok('watermark', 'import', '-p', 'legacy', '-f', join(FIXTURES, 'python-v1-settle_orders.json'));
    expect(out).toContain('imported 1 watermark(s)');
    const imported = json('watermark', 'get', '-p', 'legacy', '-t', 'settlement.settle_orders');
    expect(imported.extract.cursor).toEqual({ timestamp: '2025-11-27 15:30:00.000000', primaryKey: ['1000000'] });
    const file = join(cli.dir.path, 'export.json');
    expect(ok('watermark', 'export', '-o', file)).toMatch(/exported \d+ watermark\(s\)/);
    ok('watermark', 'reset', '-p', 'legacy', '-t', 'settlement.settle_orders', '--yes');
    ok('watermark', 'import', '-f', file);
    expect(json('watermark', 'get', '-p', 'legacy', '-t', 'settlement.settle_orders').extract).toEqual(imported.extract);
    const broken = run('watermark', 'import', '-f', join(ROOT, 'package.json'));
    expect(broken.status).toBe(1);
    expect(broken.stderr).toMatch(/package\.json: not a watermark document/);
  });

  it('sets and clears the system default watermark', () => {
    expect(ok('watermark', 'default', 'get')).toContain('No default watermark');
    ok('watermark', 'default', 'set', '--preset', '1week');
    expect(ok('watermark', 'default', 'get')).toContain('Default watermark: 1week before each run');
    ok('watermark', 'default', 'clear');
    expect(ok('watermark', 'default', 'get')).toContain('No default watermark');
  });
});
