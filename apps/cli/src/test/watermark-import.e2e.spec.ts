import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MysqlFixture } from '@tidemark/testing';
import { CliFixture, CliWorld } from './cli.fixture';

/** Issue 18, "The old watermark files import exactly": each defect found importing the old tool's files. */
describe('tidemark watermark import of the old tool files (built binary, real servers)', () => {
  const world = new CliWorld();
  let db: MysqlFixture;
  let cli: CliFixture;
  let config: string;
  const run = (...args: string[]) => cli.run(config, args);
  const ok = (...args: string[]) => {
    const r = run(...args);
    if (r.status !== 0) throw new Error(`tidemark ${args.join(' ')} exited ${r.status}: ${r.stderr}${r.stdout}`);
    return r.stdout;
  };
  const json = <T = Record<string, any>>(...args: string[]): T => JSON.parse(ok(...args, '--json')) as T;
  const file = (name: string, content: unknown) => {
    const path = join(cli.dir.path, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    return path;
  };
  const v1 = (table: string | undefined, timestamp: string, id: number | null, extra: Record<string, unknown> = {}) => ({
    ...(table ? { table_name: table } : {}),
    last_mysql_data_timestamp: timestamp,
    last_processed_id: id,
    mysql_rows_extracted: 1250025,
    mysql_status: 'success',
    redshift_rows_loaded: 1250025,
    redshift_status: 'success',
    ...extra,
  });

  beforeAll(async () => {
    ({ db, cli } = await world.open('hi_wmimport'));
    config = cli.writeConfig('config');
    await db.exec('CREATE TABLE orders (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL)');
    await db.exec(
      "INSERT INTO orders VALUES (1, '2025-08-01 10:00:00'), (2, '2025-08-02 10:00:00'), (3, '2025-08-03 10:00:00'), (4, '2025-08-03 10:00:00')",
    );
    await db.exec(
      'CREATE TABLE order_lines (order_id INT, line INT, updated_at DATETIME(6) NOT NULL, PRIMARY KEY (order_id, line))',
    );
    await db.exec('CREATE TABLE events (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL)');
  });

  afterAll(() => world.close());

  it('refuses a scalar last_processed_id for a composite-key table, naming the table and its key columns', () => {
    const r = run('watermark', 'import', '-f', file('lines.json', v1(`${db.database}.order_lines`, '2025-08-01 00:00:00', 7)));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${db.database}.order_lines has a 2-column primary key (order_id, line)`);
    expect(run('watermark', 'get', '-t', `${db.database}.order_lines`).status).toBe(1);
  });

  it('validates every file first: one bad file imports none, and names the bad one', () => {
    const good = file('good.json', v1(`${db.database}.events`, '2025-08-01 00:00:00', 1));
    const bad = file('bad.json', { table_name: `${db.database}.events`, last_mysql_data_timestamp: 'yesterday' });
    const r = run('watermark', 'import', '-f', good, bad);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/bad\.json: .*invalid timestamp "yesterday"/);
    expect(r.stderr).toMatch(/nothing imported/);
    expect(run('watermark', 'get', '-t', `${db.database}.events`).status).toBe(1);
  });

  it('--continue imports the good files and reports each file', () => {
    const good = join(cli.dir.path, 'good.json');
    const bad = join(cli.dir.path, 'bad.json');
    const r = run('watermark', 'import', '-f', good, bad, '--continue');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`${good}: imported default / ${db.database}.events`);
    expect(r.stdout).toMatch(/bad\.json: not imported: .*invalid timestamp/);
    expect(r.stdout).toContain('imported 1 watermark(s) from 1 of 2 file(s)');
    expect(json('watermark', 'get', '-t', `${db.database}.events`).extract.cursor.primaryKey).toEqual(['1']);
  });

  it('refuses to move a cursor back unless --allow-rewind', () => {
    const older = file('older.json', v1(`${db.database}.events`, '2025-07-01 00:00:00', 1));
    const r = run('watermark', 'import', '-f', older);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/would move .*events back from 2025-08-01 00:00:00\.000000, key \(1\) to 2025-07-01 00:00:00\.000000, key \(1\).*--allow-rewind/);
    expect(json('watermark', 'get', '-t', `${db.database}.events`).extract.cursor.timestamp).toBe('2025-08-01 00:00:00.000000');
    const newer = file('newer-events.json', v1(`${db.database}.events`, '2025-09-01 00:00:00', 1));
    const both = run('watermark', 'import', '-f', newer, older);
    expect(both.status).toBe(1);
    expect(both.stderr).toMatch(/nothing imported: 1 of 2 file\(s\).*\n.*older\.json: importing would move .* back from 2025-09-01/);
    expect(json('watermark', 'get', '-t', `${db.database}.events`).extract.cursor.timestamp).toBe('2025-08-01 00:00:00.000000');
    ok('watermark', 'import', '-f', older, '--allow-rewind');
    expect(json('watermark', 'get', '-t', `${db.database}.events`).extract.cursor.timestamp).toBe('2025-07-01 00:00:00.000000');
  });

  it('-p imports only that pipeline of an export', () => {
    const one = file('one.json', v1('shop.items', '2025-01-01 00:00:00', 5));
    ok('watermark', 'import', '-p', 'p1', '-f', one);
    ok('watermark', 'import', '-p', 'p2', '-f', one);
    const exported = join(cli.dir.path, 'export.json');
    ok('watermark', 'export', '-o', exported);
    ok('watermark', 'import', '-p', 'p2', '-f', file('newer.json', v1('shop.items', '2025-02-01 00:00:00', 9)));
    ok('watermark', 'import', '-p', 'p1', '-f', file('newest.json', v1('shop.items', '2025-03-01 00:00:00', 9)));
    const out = ok('watermark', 'import', '-p', 'p2', '-f', exported, '--allow-rewind');
    expect(out).toContain('imported p2 / shop.items');
    expect(out).not.toContain('p1 /');
    expect(json('watermark', 'get', '-p', 'p2', '-t', 'shop.items').extract.cursor.timestamp).toBe('2025-01-01 00:00:00.000000');
    expect(json('watermark', 'get', '-p', 'p1', '-t', 'shop.items').extract.cursor.timestamp).toBe('2025-03-01 00:00:00.000000');
    const none = run('watermark', 'import', '-p', 'p3', '-f', exported);
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('has no watermark of pipeline "p3"');
  });

  it('takes the table from the file name, reads v1 cdc_strategy, and reads last_run_timestamp.txt', () => {
    const named = file(`${db.database}.orders.json`, v1(undefined, '2025-08-02 10:00:00', 2, { cdc_strategy: 'timestamp_only' }));
    expect(ok('watermark', 'import', '-p', 'named', '-f', named)).toContain(`imported named / ${db.database}.orders`);
    expect(json('watermark', 'get', '-p', 'named', '-t', `${db.database}.orders`).extract.strategy).toBe('timestamp_only');
    const txt = file('last_run_timestamp.txt', '2025-08-02 10:00:00\n');
    ok('watermark', 'import', '-p', 'txt', '-t', `${db.database}.orders`, '-f', txt);
    expect(json('watermark', 'get', '-p', 'txt', '-t', `${db.database}.orders`).extract.cursor).toEqual({
      timestamp: '2025-08-02 10:00:00.000000',
      primaryKey: null,
    });
    const untabled = run('watermark', 'import', '-f', txt);
    expect(untabled.status).toBe(1);
    expect(untabled.stderr).toMatch(/last_run_timestamp\.txt: .*give the table with -t/);
  });

  it('shows processed_s3_files as imported history, and validate-counts understands imported counts', () => {
    const files = ['s3://old-bucket/incremental/orders_chunk_001.parquet', 's3://old-bucket/incremental/orders_chunk_002.parquet'];
    ok('watermark', 'import', '-f', file('orders.json', v1(`${db.database}.orders`, '2025-08-02 10:00:00', 2, { processed_s3_files: files })));
    const shown = ok('watermark', 'get', '-t', `${db.database}.orders`, '--show-files');
    expect(shown).toContain("2 file(s) imported from the old tool's watermark (history only, never reloaded):");
    expect(shown).toContain(files[0]);
    expect(ok('sync', '-t', `${db.database}.orders`)).toContain('extracted 2 rows');
    const report = run('watermark-count', 'validate-counts', '-t', `${db.database}.orders`);
    expect(report.stdout).toContain('Counts agree.');
    expect(report.status).toBe(0);
    expect(json('watermark', 'get', '-t', `${db.database}.orders`).extract.rowsExtracted).toBe(1250025 + 2);
  });
});
