import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MysqlFixture, mysqlDigest, PostgresFixture, postgresDigest } from '@tidemark/testing';
import { CliFixture, CliWorld } from './cli.fixture';

const TABLES = ['t1', 't2', 't3', 't4'];
const COLUMNS = ['id', 'updated_at', 'label', 'amount'];

interface ReportTable {
  table: string;
  status: string;
  startedAt: string;
  seconds: number;
  extract: { rows: number; files: number } | null;
  load: { rowsStaged: number; rowsExpected: number } | null;
  error: { stage: string; code: string; message: string } | null;
}

/** The most tables of a run report that were running at one moment. */
function mostAtOnce(tables: ReportTable[]): number {
  const spans = tables.map((t) => ({ from: Date.parse(t.startedAt), to: Date.parse(t.startedAt) + t.seconds * 1000 }));
  return Math.max(...spans.map((s) => spans.filter((o) => o.from <= s.from && s.from < o.to).length));
}

/** Files under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

describe('tidemark sync over several tables (built binary, real servers)', () => {
  const world = new CliWorld();
  let db: MysqlFixture;
  let pg: PostgresFixture;
  let cli: CliFixture;
  let config: string;
  let logs: string;
  const key = (t: string) => `${db.database}.${t}`;
  const run = (...args: string[]) => cli.run(config, args);
  const json = (...args: string[]) => {
    const r = run(...args, '--json');
    return { ...r, report: JSON.parse(r.stdout) };
  };
  const pipeline = (schema: string, tables: string[]) =>
    [
      `connection: default`,
      `targetSchema: ${schema}`,
      'tables:',
      ...tables.map((t) => `  ${key(t)}: { batchSize: 150 }`),
    ].join('\n');

  beforeAll(async () => {
    ({ db, pg, cli } = await world.open('tm_syncrun'));
    config = cli.writeConfig('config', {
      extra: 'logDirectory: run-logs\nparallelTables: 2',
      pipelines: {
        seq: pipeline(`${db.database}_seq`, TABLES),
        par: pipeline(`${db.database}_par`, TABLES),
        more: pipeline(db.database, []),
        pages: pipeline(`${db.database}_pages`, ['t6']),
      },
    });
    logs = join(cli.dir.path, 'run-logs');
    for (const [i, t] of [...TABLES, 't5', 't6'].entries()) {
      await db.exec(
        `CREATE TABLE ${t} (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, label VARCHAR(40), amount DECIMAL(12,2))`,
      );
      // Every 5 rows share a timestamp, so ties straddle the 150-row pages.
      const rows = Array.from({ length: 300 * (i + 1) }, (_, n) => [
        n + 1,
        `2025-08-01 10:00:00.${String(Math.floor(n / 5)).padStart(6, '0')}`,
        `${t} row ${n}`,
        `${n}.${String(n % 100).padStart(2, '0')}`,
      ]);
      await db.insert(t, COLUMNS, rows);
    }
  });

  afterAll(() => world.close((database) => [`${database}_seq`, `${database}_par`, `${database}_pages`]));

  it('--parallel 3 fills the warehouse exactly as one table at a time does, working 3 tables at once', async () => {
    const sequential = json('sync', '-p', 'seq', '--parallel', '1');
    const parallel = json('sync', '-p', 'par', '--parallel', '3');
    for (const r of [sequential, parallel]) {
      expect(r.status).toBe(0);
      expect(r.report.tables.map((t: ReportTable) => [t.table, t.status])).toEqual(
        TABLES.map((t) => [key(t), 'success']),
      );
    }
    expect(mostAtOnce(sequential.report.tables)).toBe(1);
    expect(mostAtOnce(parallel.report.tables)).toBe(3);
    for (const t of TABLES) {
      const source = await mysqlDigest(db, t, COLUMNS);
      expect(await postgresDigest(pg, `${db.database}_seq`, t, COLUMNS)).toEqual(source);
      expect(await postgresDigest(pg, `${db.database}_par`, t, COLUMNS)).toEqual(source);
    }
  });

  it('--max-chunks M extracts M keyset pages per run, loads all of them, and the next run goes on from there', async () => {
    const pagesRows = async () =>
      Number((await pg.rows<{ n: string }>(`SELECT count(*) AS n FROM "${db.database}_pages".t6`))[0].n);
    const first = json('sync', '-p', 'pages', '--max-chunks', '2');
    expect(first.status).toBe(0);
    expect(first.report.totals).toMatchObject({ rowsExtracted: 300, rowsLoaded: 300 }); // 2 pages of batchSize 150
    expect(await pagesRows()).toBe(300);
    const second = json('sync', '-p', 'pages', '--max-chunks', '3');
    expect(second.report.totals).toMatchObject({ rowsExtracted: 450, rowsLoaded: 450 });
    expect(await pagesRows()).toBe(750);
    const rest = json('sync', '-p', 'pages');
    expect(rest.report.totals.rowsExtracted).toBe(1800 - 750);
    expect(await postgresDigest(pg, `${db.database}_pages`, 't6', COLUMNS)).toEqual(await mysqlDigest(db, 't6', COLUMNS));
  });

  it('writes one JSON report per run to the log directory, named by start time and run id, the same as --json prints', () => {
    const reports = () => (existsSync(logs) ? readdirSync(logs).filter((f) => f.endsWith('-sync.json')).length : 0);
    const before = reports();
    const r = json('sync', '-p', 'par', '-t', key('t5'), '--limit', '1000', '--parallel', '2');
    expect(r.status).toBe(0);
    const report = r.report;
    expect(report.runId).toMatch(/^\d{8}T\d{9}Z-[0-9a-f]{6}$/);
    expect(report.runId.slice(0, 18)).toBe(report.startedAt.replace(/[-:.]/g, '').slice(0, 18));
    expect(report.reportFile).toBe(join(logs, `${report.runId}-sync.json`));
    expect(JSON.parse(readFileSync(report.reportFile, 'utf8'))).toEqual(report);
    expect(reports()).toBe(before + 1);
    expect(report).toMatchObject({
      command: 'sync',
      pipeline: 'par',
      options: { table: [key('t5')], limit: 1000, parallel: 2, extract: true, load: true },
      status: 'success',
      exitCode: 0,
      error: null,
      totals: { tables: 1, succeeded: 1, failed: 0, rowsExtracted: 1000, rowsLoaded: 1000 },
    });
    const [t5] = report.tables as ReportTable[];
    expect(t5).toMatchObject({
      table: key('t5'),
      status: 'success',
      extract: { rows: 1000 },
      load: { rowsStaged: 1000, rowsExpected: 1000 },
      error: null,
    });
    expect(t5.seconds).toBeGreaterThan(0);
    expect(report.seconds).toBeGreaterThanOrEqual(t5.seconds);
    expect(Date.parse(report.finishedAt)).toBeGreaterThan(Date.parse(report.startedAt));
  });

  it('exits 1 when one table fails, still loads the other, and the summary and report say which failed (parallelTables from the config)', async () => {
    const r = run('sync', '-p', 'par', '-t', key('missing'), '-t', key('t5'));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`error: table ${key('missing')} does not exist in MySQL connection "default"\n`);
    expect(r.stdout).toMatch(new RegExp(`^${key('missing')} +failed \\(extract\\) +- +- +- +[\\d.]+$`, 'm'));
    expect(r.stdout).toMatch(new RegExp(`^${key('t5')} +success +500 +\\d+ +500 +[\\d.]+$`, 'm'));
    expect(r.stdout).toMatch(/^total +1 of 2 succeeded +500 /m);
    expect(await postgresDigest(pg, `${db.database}_par`, 't5', COLUMNS)).toEqual(await mysqlDigest(db, 't5', COLUMNS));
    const file = /report: (.*\.json)$/m.exec(r.stdout)?.[1] as string;
    const report = JSON.parse(readFileSync(file, 'utf8'));
    expect(report).toMatchObject({ status: 'failed', exitCode: 1, totals: { succeeded: 1, failed: 1 } });
    expect(report.options.parallel).toBe(2); // parallelTables from the config
    expect(report.tables[0]).toMatchObject({
      status: 'failed',
      error: {
        stage: 'extract',
        code: 'NOT_FOUND',
        message: `table ${key('missing')} does not exist in MySQL connection "default"`,
      },
    });
  });

  it('never calls a table whose load failed a success: a damaged file fails its load, the other table still loads', async () => {
    const newRows = Array.from({ length: 20 }, (_, n) => [5000 + n, '2025-08-02 00:00:00', `new ${n}`, '1.00']);
    await db.insert('t5', COLUMNS, newRows);
    const backup = json('sync', '-p', 'par', '--backup-only', '-t', key('t6'), '-t', key('t5'));
    expect(backup.status).toBe(0);
    const extractedT5 = backup.report.tables[1].extract.rows;
    expect(extractedT5).toBeGreaterThanOrEqual(20);
    const objects = join(cli.dir.path, 'config-state', 'objects');
    const damaged = filesUnder(objects).filter((f) => f.includes('/par/') && f.includes('/t6/') && f.endsWith('.parquet'))[0];
    writeFileSync(damaged, 'not the bytes that were uploaded');

    const r = json('sync', '-p', 'par', '--redshift-only', '-t', key('t6'), '-t', key('t5'));
    expect(r.status).toBe(1);
    const [t6, t5] = r.report.tables as ReportTable[];
    expect(t6).toMatchObject({ status: 'failed', load: null, error: { stage: 'load', code: 'LOAD_MISMATCH' } });
    expect(t6.error?.message).toMatch(/has sha256 \w+, the manifest says \w+: it was changed or damaged after upload/);
    expect(t5).toMatchObject({ status: 'success', extract: null, load: { rowsStaged: extractedT5 } });
    expect(await postgresDigest(pg, `${db.database}_par`, 't5', COLUMNS)).toEqual(await mysqlDigest(db, 't5', COLUMNS));
    expect(r.report).toMatchObject({ status: 'failed', totals: { succeeded: 1, failed: 1 } });
    expect(r.stderr).toMatch(/^error: .*it was changed or damaged after upload$/m);
    const watermark = JSON.parse(run('watermark', 'get', '-p', 'par', '-t', key('t6'), '--json').stdout);
    expect(watermark.load.status).toBe('failed');
  });

  it('needs -t for a pipeline that lists no tables, changes nothing, and still reports the run', () => {
    const r = run('sync', '-p', 'more');
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      'error: pipeline "more" lists no tables: name them with -t SCHEMA.TABLE, or list them under tables: in config/pipelines/more.yml\n',
    );
    expect(run('watermark', 'list', '-p', 'more', '--json').stdout.trim()).toBe('[]');
    const machine = json('sync', '-p', 'more');
    expect(machine.status).toBe(1);
    expect(machine.report).toMatchObject({ status: 'failed', exitCode: 1, tables: [], error: { code: 'BAD_INPUT' } });
    expect(JSON.parse(readFileSync(machine.report.reportFile, 'utf8'))).toEqual(machine.report);
  });

  it('--debug prints each step with its time and the stack of each error on stderr', () => {
    const r = run('sync', '-p', 'par', '-t', key('missing'), '--debug');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /^debug \d{4}-\d\d-\d\dT[\d:.]+Z run-started \{"pipeline":"par","tables":\[.*\],"parallel":2\}$/m,
    );
    expect(r.stderr).toMatch(
      /^debug [\dTZ:.-]+ table-finished \{"outcome":\{"table":"[^"]+","status":"failed".*"errorCode":"NOT_FOUND"/m,
    );
    expect(r.stderr).toMatch(
      new RegExp(`^debug ${key('missing')}: TidemarkError: table ${key('missing')} does not exist.*\\n +at `, 'm'),
    );

    const unknown = run('sync', '-p', 'nope', '-t', key('t1'), '--debug');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(
      /^error: pipeline "nope" is not defined in config\/pipelines\/.*\ndebug TidemarkError: pipeline "nope" .*\n +at /,
    );
  });

  it('refuses a --parallel outside 1 to 64, and --limit with --redshift-only (loading is never limited)', () => {
    for (const args of [
      ['--parallel', '0'],
      ['--parallel', '65'],
      ['--redshift-only', '--limit', '10'],
    ]) {
      const r = run('sync', '-p', 'par', '-t', key('t1'), ...args);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(
        /^error: (option '--parallel <n>' argument .* is invalid|option '--redshift-only' cannot be used with option '--limit <rows>')/,
      );
    }
  });
});
