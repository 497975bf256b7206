import { POSTGRES_URL, PostgresFixture, uniqueName } from '@tidemark/testing';
import { postgresDialect, PostgresWarehouse, recordedColumns, Warehouse } from '@tidemark/warehouse';
import { COLUMN_MAP_MAX_AGE_MS, RecentColumnMaps } from './recent-column-maps';

/** Column maps read per schema on real PostgreSQL, counting the statements really sent. */
describe('RecentColumnMaps', () => {
  const dialect = postgresDialect;
  const schema = uniqueName('h_start2_maps');
  let pg: PostgresFixture;
  let warehouse: PostgresWarehouse;
  let sent: string[];
  let now: number;
  const recording = (): Warehouse => ({
    address: warehouse.address,
    query: (sql, params) => {
      sent.push(sql);
      return warehouse.query(sql, params);
    },
    transaction: (setup, work, onAlive) => warehouse.transaction(setup, work, onAlive),
    close: () => warehouse.close(),
  });

  beforeAll(async () => {
    pg = await PostgresFixture.connect();
    await pg.rows(dialect.createSchema(schema));
    await pg.rows(dialect.createColumnMap(schema));
    await pg.rows(
      `INSERT INTO "${schema}"._tidemark_columns VALUES ` +
        `('a', 'id', 'id', 'BIGINT', 1), ('a', 'flag', 'flag', 'BOOLEAN', 2), ('b', 'id', 'id', 'INTEGER', 1)`,
    );
    warehouse = await PostgresWarehouse.connect({ url: POSTGRES_URL });
  });
  beforeEach(() => {
    sent = [];
    now = 1_000_000;
  });
  afterAll(async () => {
    await pg?.dropSchema(schema);
    await pg?.close();
    await warehouse?.close();
  });

  it("reads a schema's maps once for all its tables, each the same as read alone", async () => {
    const maps = new RecentColumnMaps(() => now);
    const got = [];
    for (const t of ['a', 'b', 'never-loaded']) got.push(await maps.of(recording(), dialect, schema, t));
    expect(sent).toHaveLength(2);
    const alone = [];
    for (const t of ['a', 'b', 'never-loaded']) alone.push(await recordedColumns(warehouse, dialect, schema, t));
    expect(got).toEqual(alone);
    expect(got.map((c) => c.length)).toEqual([2, 1, 0]);
  });

  it('reads again after a load of the schema, and once the copy is older than the maximum age', async () => {
    const maps = new RecentColumnMaps(() => now);
    await maps.of(recording(), dialect, schema, 'a');
    maps.forget(schema);
    await maps.of(recording(), dialect, schema, 'a');
    now += COLUMN_MAP_MAX_AGE_MS;
    await maps.of(recording(), dialect, schema, 'a');
    expect(sent).toHaveLength(4);
    now += 1;
    await maps.of(recording(), dialect, schema, 'a');
    expect(sent).toHaveLength(6);
  });

  it('keeps no failed read: the next table asks the warehouse again', async () => {
    const maps = new RecentColumnMaps(() => now);
    const closed = await PostgresWarehouse.connect({ url: POSTGRES_URL });
    await closed.close();
    await expect(maps.of(closed, dialect, schema, 'a')).rejects.toThrow();
    expect(await maps.of(recording(), dialect, schema, 'a')).toHaveLength(2);
  });
});
