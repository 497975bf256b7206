import { MysqlFixture } from '@tidemark/testing';
import { CliFixture, CliWorld } from './cli.fixture';

/** The old tool's command forms (README "From the old tool"): each works, or says what to type instead. */
describe('the old tool syntax (built binary, real servers)', () => {
  const world = new CliWorld();
  let db: MysqlFixture;
  let cli: CliFixture;
  let config: string;
  let orders: string;
  let items: string;
  const run = (...args: string[]) => cli.run(config, args);
  const ok = (...args: string[]) => cli.ok(config, args);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const json = <T = Record<string, any>>(...args: string[]): T => cli.json<T>(config, args);
  const refused = (args: string[], message: RegExp, status = 1) => {
    const r = run(...args);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status, stderr: expect.stringMatching(message) });
  };

  beforeAll(async () => {
    ({ db, cli } = await world.open('hx_oldsyn'));
    orders = `${db.database}.orders`;
    items = `${db.database}.items`;
    config = cli.writeConfig('config', {
      pipelines: {
        shop: `connection: default\ntables:\n  ${orders}:\n  ${items}:\n`,
        twice: `connection: default\ntables:\n  hx_elsewhere.orders:\n  hx_other.orders:\n`,
      },
    });
    await db.exec('CREATE TABLE orders (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL)');
    await db.exec('CREATE TABLE items (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL)');
    await db.exec("INSERT INTO orders VALUES (1, '2025-08-01 10:00:00'), (2, '2025-08-01 11:00:00'), (3, '2025-08-02 00:00:00')");
    await db.exec("INSERT INTO items VALUES (1, '2025-08-01 10:00:00')");
  });

  afterAll(() => world.close());

  it('`sync pipeline -p P -t T` runs as `sync -p P -t T`', () => {
    const out = ok('sync', 'pipeline', '-p', 'shop', '-t', orders);
    expect(out).toContain('extracted 3 rows');
    expect(json('watermark', 'get', '-p', 'shop', '-t', orders).extract.rowsExtracted).toBe(3);
  });

  it('an old sync form that is not supported names the command to type', () => {
    refused(['sync', 'table', '-t', orders], /`sync table` is not a Tidemark command: use tidemark sync -p PIPELINE -t TABLE/, 2);
  });

  it('an unscoped table name resolves when exactly one configured table has it', () => {
    expect(json('watermark', 'get', '-p', 'shop', '-t', 'orders').extract.rowsExtracted).toBe(3);
    expect(ok('sync', '-p', 'shop', '-t', 'items')).toMatch(/extracted 1 row/);
    expect(json('watermark', 'get', '-p', 'shop', '-t', items).extract.rowsExtracted).toBe(1);
    refused(
      ['watermark', 'get', '-p', 'twice', '-t', 'orders'],
      /^error: table "orders" is ambiguous in pipeline twice: use one of hx_elsewhere.orders, hx_other.orders\n$/,
    );
    refused(
      ['watermark', 'get', '-p', 'shop', '-t', 'lines'],
      new RegExp(`^error: pipeline shop has no table "lines": its tables are ${orders}, ${items}\n$`),
    );
  });

  it('`watermark-count set-count --count N --mode absolute|additive` sets and adds the extract rows', () => {
    const set = run('watermark-count', 'set-count', '-p', 'shop', '-t', orders, '--count', '10', '--mode', 'absolute');
    expect(set.status).toBe(0);
    expect(set.stderr).toContain('note: the old form --count sets the extract stage rows; for the load stage give --stage load --rows N');
    expect(json('watermark', 'get', '-p', 'shop', '-t', orders).extract.rowsExtracted).toBe(10);
    ok('watermark-count', 'set-count', '-p', 'shop', '-t', orders, '--count', '5', '--mode', 'additive');
    expect(json('watermark', 'get', '-p', 'shop', '-t', orders).extract.rowsExtracted).toBe(15);
    refused(['watermark-count', 'set-count', '-p', 'shop', '-t', orders, '--count', '5', '--rows', '5'], /option '--count <n>' cannot be used with option '--rows <n>'/, 2);
  });

  it('`watermark get|set|reset` without -t is the system default watermark, with the old preset forms and --force', () => {
    expect(ok('watermark', 'get')).toContain('No default watermark');
    refused(['watermark', 'get', '-p', 'shop'], /^error: watermark get -p shop needs -t TABLE \(without -t and -p it is the default watermark\); every table of the pipeline: tidemark watermark list -p shop\n$/);
    expect(ok('watermark', 'set', '--preset', '6 hours')).toContain('default watermark set');
    expect(ok('watermark', 'get')).toContain('Default watermark: 6 hours before each run');
    refused(['watermark', 'reset'], /resetting the default watermark .* add --yes to confirm \(the old --force works too\)/);
    refused(['watermark', 'reset', '--mysql-only', '--yes'], /^error: --mysql-only resets one stage of a table: name it with -t TABLE/);
    expect(ok('watermark', 'get')).toContain('Default watermark: 6 hours before each run');
    expect(ok('watermark', 'reset', '--force')).toContain('default watermark cleared');
    expect(ok('watermark', 'get')).toContain('No default watermark');
  });

  it('a command that takes one table refuses -t given twice, and changes nothing', () => {
    refused(['watermark', 'set', '-p', 'shop', '-t', orders, '-t', items, '--id', '1'], /-t names one table here; it was given more than once/, 2);
    refused(['watermark-count', 'set-count', '-p', 'shop', '-t', orders, '-t', items, '--stage', 'extract', '--rows', '1'], /-t names one table here/, 2);
    refused(['s3clean', 'clean', '-p', 'shop', '-t', orders, '-t', items, '--older-than', '1d'], /-t names one table here/, 2);
    expect(json('watermark', 'get', '-p', 'shop', '-t', orders).extract.rowsExtracted).toBe(15);
  });

  it('`--limit` with `--max-chunks` is refused with the new meaning spelled out', () => {
    refused(
      ['sync', '-p', 'shop', '-t', orders, '--limit', '100', '--max-chunks', '5'],
      /--limit is the rows of the whole run in Tidemark, not the rows per chunk as in the old tool: for the old --limit 100 --max-chunks 5 give --limit 500/,
      2,
    );
  });

  it('verify and s3clean list work on a whole pipeline, as sync does', () => {
    ok('sync', '-p', 'shop');
    const verified = json<Array<{ table: string }>>('verify', '-p', 'shop');
    expect(verified.map((v) => v.table).sort()).toEqual([items, orders].sort());
    const listed = json<Array<{ table: string }>>('s3clean', 'list', '-p', 'shop');
    expect(listed.map((v) => v.table).sort()).toEqual([items, orders].sort());
  });

  it('`s3clean clean -t T` without --older-than means every age, needs --yes, and keeps what restore needs', () => {
    refused(['s3clean', 'clean', '-p', 'shop', '-t', orders], /without --older-than .* every age: add --yes to confirm/);
    const out = ok('s3clean', 'clean', '-p', 'shop', '-t', orders, '--yes');
    expect(out).toMatch(/every age \(no --older-than\)/);
    expect(out).toMatch(/keep restorable: all/);
    const gone = json('s3clean', 'clean', '-p', 'shop', '-t', orders, '--yes', '--keep-restorable', 'none');
    expect(gone.summary.deleted.objects).toBeGreaterThan(0);
  });

  it('watermark reset takes several -t, and -p without -t resets the whole pipeline', () => {
    ok('watermark', 'reset', '-p', 'shop', '-t', orders, '-t', items, '--yes');
    for (const t of [orders, items]) expect(json('watermark', 'get', '-p', 'shop', '-t', t).extract.rowsExtracted).toBe(0);
    ok('sync', '-p', 'shop');
    refused(['watermark', 'reset', '-p', 'shop'], /resetting both stages of 2 table\(s\) of pipeline shop .* add --yes/);
    const out = ok('watermark', 'reset', '-p', 'shop', '--force');
    expect(out).toContain(orders);
    expect(out).toContain(items);
    for (const t of [orders, items]) expect(json('watermark', 'get', '-p', 'shop', '-t', t).extract.rowsExtracted).toBe(0);
  });
});
