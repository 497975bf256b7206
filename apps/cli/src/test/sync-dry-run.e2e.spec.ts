import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MysqlFixture, PostgresFixture } from '@tidemark/testing';
import { openWatermarkDataSource } from '@tidemark/watermark-store';
import { CliFixture, CliWorld } from './cli.fixture';

describe('tidemark sync --dry-run and --verify-data (built binary, real servers)', () => {
  const world = new CliWorld();
  let db: MysqlFixture;
  let pg: PostgresFixture;
  let cli: CliFixture;
  let config: string;
  const table = () => `${db.database}.orders`;

  /** The watermark store's tables a run writes: watermarks, manifests, history, leases and lease events. */
  const storeRows = async () => {
    const path = join(cli.dir.path, 'config-state/watermarks.sqlite');
    if (!existsSync(path)) return 'no store';
    const store = await openWatermarkDataSource({ type: 'sqlite', path });
    try {
      const tables = ['tidemark_watermarks', 'tidemark_manifests', 'tidemark_watermark_history', 'tidemark_leases', 'tidemark_lease_events'];
      const rows: Record<string, unknown> = {};
      for (const t of tables) rows[t] = await store.query(`SELECT * FROM ${t} ORDER BY rowid`);
      return rows;
    } finally {
      await store.destroy();
    }
  };

  /** Everything a run could change: the watermark store, objects, warehouse tables and rows. */
  const state = async () => {
    const watermark = cli.run(config, ['watermark', 'get', '-t', table(), '--json']).stdout;
    const objects = (dir: string): string[] => {
      try {
        return readdirSync(dir, { recursive: true }).map(String).sort();
      } catch {
        return [];
      }
    };
    const warehouse = await pg
      .rows(`SELECT id, note FROM "${db.database}".orders ORDER BY id`)
      .catch(() => 'no table');
    const warehouseTables = await pg.rows(
      'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
      [db.database],
    );
    return {
      watermark,
      store: await storeRows(),
      objects: objects(join(cli.dir.path, 'config-state/objects')),
      warehouse,
      warehouseTables,
    };
  };

  beforeAll(async () => {
    ({ db, pg, cli } = await world.open('tm_dry'));
    config = cli.writeConfig('config');
    await db.exec('CREATE TABLE orders (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, note VARCHAR(20))');
    await db.exec("INSERT INTO orders VALUES (1, '2025-01-01 00:00:00', 'a'), (2, '2025-01-02 00:00:00', 'b')");
    expect(cli.run(config, ['sync', '-t', table()]).status).toBe(0);
    await db.exec("INSERT INTO orders VALUES (3, '2025-01-03 00:00:00', 'c')");
    expect(cli.run(config, ['sync', '--backup-only', '-t', table()]).status).toBe(0);
    await db.exec("ALTER TABLE orders ADD COLUMN price DECIMAL(8,2)");
    await db.exec("INSERT INTO orders VALUES (4, '2025-01-04 00:00:00', 'd', 1.50)");
  });

  afterAll(() => world.close());

  it('prints the query bounds, the pending manifest and the DDL, and changes nothing', async () => {
    const before = await state();
    const r = cli.run(config, ['sync', '--dry-run', '-t', table()]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`${table()} (pipeline default), dry run: nothing was changed`);
    expect(r.stdout).toContain('extract (hybrid): stored cursor 2025-01-03 00:00:00.000000, key (3)');
    expect(r.stdout).toMatch(/first page: SELECT .* FROM `tm_dry_\w+`\.`orders` WHERE .*/);
    expect(r.stdout).toMatch(/bound values: \[.*"2025-01-03 00:00:00\.000000".*\]/);
    expect(r.stdout).toMatch(new RegExp(`load into ${db.database}\\.orders \\(merge\\): 1 manifest\\(s\\), 1 rows registered now`));
    expect(await state()).toEqual(before);
  });

  it('on a table never synced, prints where it would start and creates nothing: no watermark, no warehouse table', async () => {
    await db.exec('CREATE TABLE fresh (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL)');
    await db.exec("INSERT INTO fresh VALUES (1, '2025-01-01 00:00:00')");
    const before = await state();
    const r = cli.run(config, ['sync', '--dry-run', '-t', `${db.database}.fresh`, '--json']);
    expect(r.status).toBe(0);
    const [preview] = JSON.parse(r.stdout);
    expect(preview.extract.storedCursor).toEqual({ timestamp: null, primaryKey: null });
    expect(preview.extract.nothingToRead).toBe(false);
    expect(preview.load.load).toEqual([]);
    expect(await state()).toEqual(before);
    const watermark = cli.run(config, ['watermark', 'get', '-t', `${db.database}.fresh`]);
    expect(watermark.stdout + watermark.stderr).toMatch(/no watermark/i);
  });

  it('--dry-run --redshift-only opens no MySQL connection: it works with the source unreachable', async () => {
    const closed = join(cli.dir.path, 'config-mysql-closed');
    cpSync(config, closed, { recursive: true });
    writeFileSync(join(closed, 'connections', 'default.yml'), 'host: 127.0.0.1\nport: 1\nuser: root\npassword: ""\n');
    const before = await state();
    const r = cli.run(closed, ['sync', '--dry-run', '--redshift-only', '-t', table()]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`load into ${db.database}\\.orders \\(merge\\): 1 manifest\\(s\\)`));
    const extract = cli.run(closed, ['sync', '--dry-run', '-t', table()]);
    expect(extract.status).toBe(1);
    expect(extract.stderr).toMatch(/127\.0\.0\.1:1/);
    expect(await state()).toEqual(before);
  });

  it('shows the DDL a load would run for a new column, as JSON too', async () => {
    expect(cli.run(config, ['sync', '--backup-only', '-t', table()]).status).toBe(0);
    const before = await state();
    const r = cli.run(config, ['sync', '--dry-run', '--redshift-only', '-t', table(), '--json']);
    expect(r.status).toBe(0);
    const [preview] = JSON.parse(r.stdout);
    expect(preview.extract).toBeUndefined();
    expect(preview.load.load.map((m: { rows: number }) => m.rows)).toEqual([1, 1]);
    expect(preview.load.ddl).toEqual([`ALTER TABLE "${db.database}"."orders" ADD COLUMN "price" NUMERIC(8,2)`]);
    expect(await state()).toEqual(before);
  });

  it('--verify-data compares each synced table and exits 1 when the warehouse differs', async () => {
    const ok = cli.run(config, ['sync', '--verify-data', '-t', table()]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/equal/i);
    expect(ok.stdout).toContain('every table succeeded and equals its source');
    await db.exec('DELETE FROM orders WHERE id = 1'); // a hard delete the cursor cannot see
    const differs = cli.run(config, ['sync', '--verify-data', '-t', table()]);
    expect(differs.status).toBe(1);
    expect(differs.stdout).toMatch(/extra.*\b1\b/is);
    expect(differs.stdout).toContain('1 table(s) differ from their source');
  });

  it('--verify-data --json puts the comparison in the run report, whose exit code is the command\'s', async () => {
    const r = cli.run(config, ['sync', '--verify-data', '--json', '-t', table()]);
    expect(r.status).toBe(1);
    const printed = JSON.parse(r.stdout);
    expect(printed.status).toBe('failed');
    expect(printed.exitCode).toBe(1);
    expect(printed.tables.map((t: { status: string }) => t.status)).toEqual(['success']);
    const [verified] = printed.verification;
    expect(verified.table).toBe(table());
    expect(verified.error).toBeNull();
    expect(verified.result.counts.extra).toBe(1);
    expect(verified.result.differences.map((d: { key: unknown[] }) => d.key.map(String))).toEqual([['1']]);
    // The file in the log directory is the same report, written after the comparison.
    expect(JSON.parse(readFileSync(printed.reportFile, 'utf8'))).toEqual(printed);
  });
});
