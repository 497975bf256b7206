import { join } from 'node:path';
import { mysqlDigest, MysqlFixture, PostgresFixture, postgresDigest } from '@tidemark/testing';
import { openWatermarkDataSource, WatermarkStore } from '@tidemark/watermark-store';
import { CliFixture, CliWorld } from './cli.fixture';
import { createTypesTable, TYPE_COLUMNS } from './verify-tables.fixture';

interface Difference {
  kind: 'missing' | 'extra' | 'different';
  key: string[];
  columns?: string[];
}

interface Verification {
  equal: boolean;
  sourceRows: number;
  warehouseRows: number;
  rangesCompared: number;
  levels: number;
  rowsCompared: number;
  differences: Difference[];
  notYetSynced: Difference[];
  fix?: { deletedRows: number; insertedRows: number; after: Verification };
}

/** Differences as `kind key[: columns]` lines, sorted: the report's order is not what these tests check. */
const named = (list: Difference[]) =>
  list.map((d) => `${d.kind} ${d.key.join('|')}${d.columns ? `: ${[...d.columns].sort().join(',')}` : ''}`).sort();

describe('tidemark verify (built binary, real MariaDB and PostgreSQL)', () => {
  const world = new CliWorld();
  let db: MysqlFixture;
  let pg: PostgresFixture;
  let cli: CliFixture;
  let config: string;
  let fresh: string;
  const key = (table: string) => `${db.database}.${table}`;
  const run = (...args: string[]) => cli.run(config, args);

  function verify(table: string, ...args: string[]): { status: number | null; result: Verification; stderr: string } {
    const r = run('verify', '-t', key(table), '--json', ...args);
    if (r.status !== 0 && r.status !== 1) throw new Error(`verify failed (${r.status}): ${r.stderr}`);
    return { status: r.status, result: JSON.parse(r.stdout)[0], stderr: r.stderr };
  }

  function sync(...tables: string[]) {
    const r = run('sync', ...tables.flatMap((t) => ['-t', key(t)]));
    if (r.status !== 0) throw new Error(`sync failed: ${r.stderr}`);
  }

  const digestsAgree = async (table: string, columns: string[]) =>
    expect(await postgresDigest(pg, db.database, table, columns)).toEqual(await mysqlDigest(db, table, columns));

  beforeAll(async () => {
    ({ db, pg, cli } = await world.open('tm_verify'));
    fresh = `${db.database}_fresh`;
    config = cli.writeConfig('config', {
      pipelines: {
        // A second, untouched full copy of a table: what the loader writes, to compare --fix with.
        fresh: `connection: default\ntargetSchema: ${fresh}\n`,
        appendonly: `connection: default\ntables:\n  ${db.database}.orders: { loadMode: append }\n`,
      },
    });
    await db.exec(
      'CREATE TABLE orders (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, status VARCHAR(20), total DECIMAL(10,2))',
    );
    await db.exec(
      `INSERT INTO orders VALUES ${Array.from({ length: 20 }, (_, i) => `(${i + 1}, '2025-08-01 10:00:00.${String(i + 1).padStart(6, '0')}', 'new', ${i + 1}.50)`).join(', ')}`,
    );
    await db.exec(
      'CREATE TABLE order_lines (order_id BIGINT UNSIGNED, line VARCHAR(20), updated_at DATETIME(6) NOT NULL, qty INT, note TEXT, PRIMARY KEY (order_id, line))',
    );
    const lines: unknown[][] = [];
    for (const order of ['1', '2', '9007199254740993', '9007199254740994', '18446744073709551615']) {
      for (const line of ['a', 'B', 'b2', 'é', '😀', 'z z'])
        lines.push([order, line, '2025-08-01 10:00:00', 1, `${order}/${line}`]);
    }
    await db.insert('order_lines', ['order_id', 'line', 'updated_at', 'qty', 'note'], lines);
    await createTypesTable(db, 'all_types');
    await db.exec('CREATE TABLE big (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, val VARCHAR(40), n INT)');
    await db.insert(
      'big',
      ['id', 'updated_at', 'val', 'n'],
      Array.from({ length: 50_000 }, (_, i) => [i + 1, '2025-08-01 10:00:00', `value ${i + 1}`, (i * 7919) % 1000]),
    );
    await db.exec('CREATE TABLE never_synced (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL)');
    sync('orders', 'order_lines', 'all_types', 'big');
  }, 300_000);

  afterAll(() => world.close(() => [fresh]));

  it('finds every table equal right after a sync, every column type included, with one range compared each', () => {
    const r = run('verify', ...['orders', 'order_lines', 'all_types', 'big'].flatMap((t) => ['-t', key(t)]), '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const results: Verification[] = JSON.parse(r.stdout);
    expect(results.map((v) => [v.equal, v.rangesCompared, v.differences, v.notYetSynced])).toEqual(
      Array.from({ length: 4 }, () => [true, 1, [], []]),
    );
    expect(results.map((v) => v.sourceRows)).toEqual([20, 30, 7, 50_000]);
  });

  describe('an integer key: hard deletes, changes that left the cursor alone, damaged warehouse rows', () => {
    beforeAll(async () => {
      await db.exec(`DELETE FROM orders WHERE id = 3`); // a hard delete: no sync can see it
      await db.exec(`UPDATE orders SET status = 'paid' WHERE id = 5`); // updated_at untouched
      await pg.rows(`DELETE FROM "${db.database}".orders WHERE id = 8`);
      await pg.rows(`UPDATE "${db.database}".orders SET total = 99.99 WHERE id = 10`);
      await pg.rows(`INSERT INTO "${db.database}".orders VALUES (999, '2025-08-01 10:00:00', 'ghost', 1)`);
    });

    it('names exactly the missing, extra and different keys and the differing columns, exit code 1', () => {
      const { status, result } = verify('orders');
      expect(status).toBe(1);
      expect(result.equal).toBe(false);
      expect(named(result.differences)).toEqual([
        'different 10: total',
        'different 5: status',
        'extra 3',
        'extra 999',
        'missing 8',
      ]);
      expect([result.sourceRows, result.warehouseRows]).toEqual([19, 20]);
    });

    it('says the same in words', () => {
      const r = run('verify', '-t', key('orders'));
      expect(r.status).toBe(1);
      expect(r.stdout).toContain(
        `${key('orders')} → ${key('orders')}: 5 differing rows (19 source rows, 20 warehouse rows;`,
      );
      expect(r.stdout).toContain('  missing (in the source, not in the warehouse): 1\n    (8)\n');
      expect(r.stdout).toContain('  extra (in the warehouse, not in the source): 2\n    (3)\n    (999)\n');
      expect(r.stdout).toContain('  different: 2\n    (5): status\n    (10): total\n');
    });

    it('--fix takes the load lease: while a loader holds it, --fix fails with exit code 2 and changes nothing', async () => {
      const dataSource = await openWatermarkDataSource({
        type: 'sqlite',
        path: join(cli.dir.path, 'config-state', 'watermarks.sqlite'),
      });
      const store = new WatermarkStore(dataSource);
      const lease = await store.acquireLease({
        pipeline: 'default',
        table: key('orders'),
        stage: 'load',
        holder: 'test-loader',
        ttlSeconds: 60,
      });
      try {
        const r = run('verify', '-t', key('orders'), '--fix');
        expect(r.status).toBe(2);
        expect(r.stderr).toMatch(
          new RegExp(`^error: default/${key('orders')} \\(load\\) is leased by test-loader until .*\\n$`),
        );
      } finally {
        await store.releaseLease(lease);
        await dataSource.destroy();
      }
      expect(named(verify('orders').result.differences)).toHaveLength(5);
    });

    it('--fix repairs them in the warehouse, verifies again and exits 0; the table then equals the source', async () => {
      const { status, result } = verify('orders', '--fix');
      expect(status).toBe(0);
      expect(named(result.differences)).toHaveLength(5);
      expect(result.fix).toMatchObject({ deletedRows: 4, insertedRows: 3, after: { equal: true, differences: [] } });
      await digestsAgree('orders', ['id', 'updated_at', 'status', 'total']);
      const again = verify('orders');
      expect([again.status, again.result.equal, again.result.rangesCompared]).toEqual([0, true, 1]);
    });

    it('reports rows newer than the last load as not yet synced, exit code 0, until a sync carries them', async () => {
      await db.exec(`INSERT INTO orders VALUES (21, '2025-09-01 00:00:00', 'new', 1)`);
      await db.exec(`UPDATE orders SET status = 'shipped', updated_at = '2025-09-01 00:00:01' WHERE id = 7`);
      const before = verify('orders');
      expect(before.status).toBe(0);
      expect(before.result.equal).toBe(true);
      expect(named(before.result.notYetSynced)).toEqual(['different 7: status,updated_at', 'missing 21']);
      sync('orders');
      const after = verify('orders');
      expect([after.status, after.result.notYetSynced, after.result.rangesCompared]).toEqual([0, [], 1]);
    });
  });

  describe('a composite key (BIGINT UNSIGNED beyond 2^53, then text) split into small ranges', () => {
    beforeAll(async () => {
      await db.exec(`DELETE FROM order_lines WHERE order_id = 9007199254740993 AND line = 'é'`);
      await db.exec(`UPDATE order_lines SET qty = 5 WHERE order_id = 9007199254740994 AND line = 'B'`);
      const lines = `"${db.database}".order_lines`;
      await pg.rows(`DELETE FROM ${lines} WHERE order_id = 18446744073709551615 AND line = '😀'`);
      await pg.rows(`UPDATE ${lines} SET note = 'damaged' WHERE order_id = 2 AND line = 'z z'`);
      await pg.rows(`INSERT INTO ${lines} VALUES (9007199254740995, 'a', '2025-08-01 10:00:00', 1, 'ghost')`);
    });

    it('names each differing key exactly, bisecting on both key columns', () => {
      const { status, result } = verify('order_lines', '--leaf-rows', '4');
      expect(status).toBe(1);
      expect(named(result.differences)).toEqual([
        'different 2|z z: note',
        'different 9007199254740994|B: qty',
        'extra 9007199254740993|é',
        'extra 9007199254740995|a',
        'missing 18446744073709551615|😀',
      ]);
      expect(result.levels).toBeGreaterThanOrEqual(3);
    });

    it('--fix makes the table equal to the source', async () => {
      const { status, result } = verify('order_lines', '--fix', '--leaf-rows', '4');
      expect(status).toBe(0);
      expect(result.fix).toMatchObject({ deletedRows: 4, insertedRows: 3, after: { equal: true } });
      await digestsAgree('order_lines', ['order_id', 'line', 'updated_at', 'qty', 'note']);
      expect(verify('order_lines').status).toBe(0);
    });
  });

  describe('every column type', () => {
    const table = () => `"${db.database}".all_types`;

    beforeAll(async () => {
      await pg.rows(`UPDATE ${table()} SET c_float = 1.25, c_json = '{"b": 2}' WHERE id = 1`);
      await pg.rows(
        `UPDATE ${table()} SET c_datetime6 = c_datetime6 - interval '1 microsecond', c_timestamp = c_timestamp + interval '1 microsecond', ` +
          `c_time6 = c_time6 - interval '1 microsecond' WHERE id = 2`,
      );
      await pg.rows(`UPDATE ${table()} SET c_ubigint = 1, c_dec38 = 0, c_bit64 = 1 WHERE id = 3`);
      await pg.rows(`UPDATE ${table()} SET c_bool = 0, c_text = NULL, c_varbinary = '\\x00' WHERE id = 4`);
      await pg.rows(`UPDATE ${table()} SET c_date = '2000-01-01', c_varchar = 'damaged', c_enum = 'a' WHERE id = 5`);
      await db.exec(`UPDATE all_types SET c_json = '{"z": 1}', c_double = 0.25 WHERE id = 6`);
      await pg.rows(`DELETE FROM ${table()} WHERE id = 7`);
      await pg.rows(`INSERT INTO ${table()} (id, updated_at) VALUES (100, '2025-08-01 10:00:00')`);
    });

    it('names every changed column of every type', () => {
      const { status, result } = verify('all_types');
      expect(status).toBe(1);
      expect(named(result.differences)).toEqual([
        'different 1: c_float,c_json',
        'different 2: c_datetime6,c_time6,c_timestamp',
        'different 3: c_bit64,c_dec38,c_ubigint',
        'different 4: c_bool,c_text,c_varbinary',
        'different 5: c_date,c_enum,c_varchar',
        'different 6: c_double,c_json',
        'extra 100',
        'missing 7',
      ]);
    });

    it('--fix writes the values as the loader does (zero dates, BIT, binary, JSON …): the table equals a fresh full load', async () => {
      const { status, result } = verify('all_types', '--fix');
      expect(status).toBe(0);
      expect(result.fix).toMatchObject({ deletedRows: 7, insertedRows: 7, after: { equal: true } });
      const r = cli.run(config, ['sync', '-p', 'fresh', '-t', key('all_types')]);
      expect(r.status).toBe(0);
      const columns = ['id', 'updated_at', ...TYPE_COLUMNS.map((c) => c.column)];
      const repaired = await postgresDigest(pg, db.database, 'all_types', columns);
      expect(repaired).toEqual(await postgresDigest(pg, fresh, 'all_types', columns));
      expect(repaired.count).toBe(7);
      expect(verify('all_types').status).toBe(0);
    });
  });

  describe('50,000 rows with 3 scattered differences', () => {
    beforeAll(async () => {
      await db.exec('DELETE FROM big WHERE id = 7777');
      await pg.rows(`UPDATE "${db.database}".big SET val = 'damaged' WHERE id = 25000`);
      await pg.rows(`DELETE FROM "${db.database}".big WHERE id = 41234`);
    });

    it('bisects through several levels, comparing far fewer ranges and rows than the table holds', () => {
      const { status, result } = verify('big');
      expect(status).toBe(1);
      expect(named(result.differences)).toEqual(['different 25000: val', 'extra 7777', 'missing 41234']);
      expect(result.levels).toBeGreaterThanOrEqual(6); // 50,000 → 1,000 rows: about six halvings
      expect(result.rangesCompared).toBeLessThan(100);
      expect(result.rowsCompared).toBeLessThanOrEqual(3 * 2 * 1000); // three small ranges, both sides
    });

    it('--fix repairs the three rows and nothing else', async () => {
      const { status, result } = verify('big', '--fix');
      expect(status).toBe(0);
      expect(result.fix).toMatchObject({ deletedRows: 2, insertedRows: 2, after: { equal: true } });
      await digestsAgree('big', ['id', 'updated_at', 'val', 'n']);
      expect(verify('big').status).toBe(0);
    });
  });

  describe('errors: exit code 2 and a message naming the problem, nothing on stdout', () => {
    it.each([
      [
        'an unknown table',
        () => ['-t', key('missing')],
        /^error: table tm_verify_\w+\.missing does not exist in MySQL connection "default"\n$/,
      ],
      [
        'a table never loaded',
        () => ['-t', key('never_synced')],
        /^error: warehouse table tm_verify_\w+\.never_synced does not exist: tm_verify_\w+\.never_synced has not been loaded yet \(run tidemark sync first\)\n$/,
      ],
      [
        'a table loaded in append mode',
        () => ['-p', 'appendonly', '-t', key('orders')],
        /^error: table tm_verify_\w+\.orders loads in append mode: the warehouse keeps every version of a row, so it cannot be compared key by key\n$/,
      ],
      [
        'a --leaf-rows that is not a positive whole number',
        () => ['-t', key('orders'), '--leaf-rows', '0'],
        /"0" is not a positive whole number/,
      ],
    ])('%s', (_what, args, message) => {
      const r = run('verify', ...args(), '--fix');
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    });
  });
});
