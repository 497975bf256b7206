import { POSTGRES_URL, PostgresFixture, uniqueName } from '@tidemark/testing';
import { PostgresWarehouse, postgresDialect, RedshiftDialect, Warehouse, WarehouseDialect } from '@tidemark/warehouse';
import { EnsuredSchemas, ensureFence } from './bookkeeping';
import { fenceMoved, LoadFence, loadFence, passFence, raiseFence } from './load-fence';

/** The URL with every transaction at `level`, and `schema` first on the search path. */
function at(level: 'serializable' | 'read committed', schema: string): string {
  const u = new URL(POSTGRES_URL);
  u.searchParams.set('options', `-c default_transaction_isolation=${level.replace(' ', '\\ ')} -c search_path=${schema},public`);
  return u.toString();
}

const DIALECTS: Record<string, WarehouseDialect> = { postgres: postgresDialect, redshift: new RedshiftDialect() };

/**
 * The fence of ADR 0017 on real PostgreSQL, with the PostgreSQL dialect and
 * with the Redshift dialect's SQL (LOCK, no FOR UPDATE), at READ COMMITTED
 * (PostgreSQL's default) and SERIALIZABLE (Redshift's kind).
 */
describe.each([
  ['postgres', 'read committed'],
  ['postgres', 'serializable'],
  ['redshift', 'serializable'],
] as const)('the load fence (%s dialect, %s)', (name, level) => {
  const dialect = DIALECTS[name];
  const schema = uniqueName('tm_fence_unit');
  let pg: PostgresFixture;
  let warehouse: PostgresWarehouse;
  const fence = (token: number, table = 'orders'): LoadFence => loadFence(dialect, schema, table, 'p', `db.${table}`, token);

  beforeAll(async () => {
    pg = await PostgresFixture.connect();
    await pg.rows(dialect.createSchema(schema));
    // Redshift's GETDATE() (the ledger's default), stood in on the search path.
    await pg.rows(`CREATE FUNCTION "${schema}".getdate() RETURNS timestamp LANGUAGE sql AS $$SELECT now() AT TIME ZONE 'UTC'$$`);
    warehouse = await PostgresWarehouse.connect({ url: at(level, schema) });
  });
  afterAll(async () => {
    await pg?.dropSchema(schema);
    await pg?.close();
    await warehouse?.close();
  });

  it('is raised to each newer token and refuses an older one, naming the newer', async () => {
    await new EnsuredSchemas().ensure(warehouse, dialect, schema);
    await ensureFence(warehouse, dialect, schema, fence(0).table);
    await raiseFence(warehouse, dialect, fence(3));
    await raiseFence(warehouse, dialect, fence(5));
    await expect(raiseFence(warehouse, dialect, fence(4))).rejects.toThrow(
      'lease lost: another loader (token 5) took db.orders of pipeline p while this one (token 4) was loading it; nothing was committed',
    );
    await expect(raiseFence(warehouse, dialect, fence(4))).rejects.toThrow(
      `watermark store was replaced or rebuilt since (its lease tokens start again at 1), drop the fence table: DROP TABLE "${schema}"."orders$tidemark_fence"`,
    );
    expect(await pg.rows(`SELECT token FROM "${schema}"."orders$tidemark_fence"`)).toEqual([{ token: '5' }]);
  });

  it('lets the holder of the fence commit, and no one whose token was passed by a raise during its transaction', async () => {
    const table = `t_${level.replace(' ', '_')}`;
    await new EnsuredSchemas().ensure(warehouse, dialect, schema);
    await ensureFence(warehouse, dialect, schema, fence(0, table).table);
    await raiseFence(warehouse, dialect, fence(1, table));
    await pg.rows(`CREATE TABLE "${schema}".${table} (v INT)`);

    // Holder 1 passes while the fence is its own.
    await warehouse.transaction([], async (s) => {
      await s.query(`INSERT INTO "${schema}".${table} VALUES (1)`);
      await passFence(s, dialect, fence(1, table));
    });

    // Holder 1 again: its snapshot is taken, then holder 2 raises the fence and commits, then 1 tries to pass.
    const stale = warehouse.transaction([], async (s) => {
      await s.query(`INSERT INTO "${schema}".${table} VALUES (2)`);
      await raiseFence(warehouse, dialect, fence(2, table));
      await passFence(s, dialect, fence(1, table));
    });
    await expect(stale).rejects.toThrow();
    expect((await fenceMoved(warehouse, dialect, fence(1, table)))?.message).toBe(
      `lease lost: another loader (token 2) took db.${table} of pipeline p while this one (token 1) was loading it; nothing was committed`,
    );
    expect(await fenceMoved(warehouse, dialect, fence(2, table))).toBeUndefined();
    expect(await pg.rows(`SELECT v FROM "${schema}".${table} ORDER BY v`)).toEqual([{ v: 1 }]);
  });

  it('ensures a schema\'s bookkeeping once per run, and each fence table only when missing', async () => {
    const other = uniqueName('tm_fence_ddl');
    const statements: string[] = [];
    const recording: Warehouse = {
      address: warehouse.address,
      query: (sql, params) => {
        statements.push(sql);
        return warehouse.query(sql, params);
      },
      transaction: (setup, work, onAlive) => warehouse.transaction(setup, work, onAlive),
      close: () => warehouse.close(),
    };
    try {
      const run = new EnsuredSchemas();
      await Promise.all([run.ensure(recording, dialect, other), run.ensure(recording, dialect, other)]);
      await ensureFence(recording, dialect, other, fence(0).table);
      const tables = await pg.rows<{ table_name: string }>(
        'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
        [other],
      );
      expect(tables.map((t) => t.table_name)).toEqual(['_tidemark_columns', '_tidemark_loads', 'orders$tidemark_fence']);
      // Two loads of one run starting at once: one catalog read and one CREATE each, not two.
      expect(statements.filter((sql) => sql === dialect.createLedger(other))).toHaveLength(1);
      statements.length = 0;
      await run.ensure(recording, dialect, other);
      expect(statements).toEqual([]);
      // The next run reads the catalog once; with every table there, it runs no DDL.
      await new EnsuredSchemas().ensure(recording, dialect, other);
      await ensureFence(recording, dialect, other, fence(0).table);
      expect(statements).toEqual([dialect.existingTables(2), dialect.existingTables(1)]);
    } finally {
      await pg.dropSchema(other);
    }
  });
});
