import { TableConfig } from '@tidemark/config';
import { RealServers } from '@tidemark/testing';
import { SyncHarness } from '../test/sync-harness.fixture';
import { testConfig } from '../test/test-config.fixture';

describe('load modes and schema evolution on real PostgreSQL', () => {
  let servers: RealServers;
  let ctx: SyncHarness;
  const tables: TableConfig[] = [];

  beforeAll(async () => {
    servers = await RealServers.open('tm_modes');
    const config = testConfig({ dir: servers.dir.path });
    config.pipelines['default'] = { name: 'default', connection: 'default', tables };
    ctx = await SyncHarness.open(config);
  });
  afterAll(async () => {
    await ctx?.close();
    await servers?.close();
  });

  const schema = () => servers.db.database;
  const configure = (name: string, more: Partial<TableConfig> = {}) =>
    tables.push({
      key: `${schema()}.${name}`,
      strategy: 'hybrid',
      cursorColumn: 'updated_at',
      batchSize: 1000,
      ...more,
    });
  const sync = (name: string, o: { extract?: boolean; load?: boolean } = {}) =>
    ctx.syncTable('default', `${schema()}.${name}`, o);
  const rows = (sql: string) => servers.pg.rows<Record<string, unknown>>(sql.replace(/\bS\./g, `"${schema()}".`));
  const columnTypes = (table: string) =>
    rows(
      `SELECT column_name AS name, format_type(atttypid, atttypmod) AS type FROM information_schema.columns c
       JOIN pg_attribute a ON a.attname = c.column_name AND a.attrelid = ('"' || c.table_schema || '"."' || c.table_name || '"')::regclass
       WHERE c.table_schema = '${schema()}' AND c.table_name = '${table}' ORDER BY c.ordinal_position`,
    );

  it('append keeps every version with its manifest id and extraction time, and needs no key', async () => {
    await servers.db.exec('CREATE TABLE log (seq INT, updated_at DATETIME(6) NOT NULL, v VARCHAR(10))');
    configure('log', { loadMode: 'append', strategy: 'timestamp_only' });
    await servers.db.exec("INSERT INTO log VALUES (1, '2025-01-01', 'a'), (1, '2025-01-01', 'a')");
    const first = await sync('log');
    await servers.db.exec("UPDATE log SET v = 'b', updated_at = '2025-01-02'");
    await sync('log');
    const got = await rows(
      'SELECT seq, v, "_tidemark_manifest" AS m, "_tidemark_extracted_at" IS NOT NULL AS at FROM S.log ORDER BY v',
    );
    expect(got.map((r) => [r['seq'], r['v'], r['at']])).toEqual([
      [1, 'a', true],
      [1, 'a', true],
      [1, 'b', true],
      [1, 'b', true],
    ]);
    expect(got[0]['m']).toBe(first.extract?.manifestIds[0]);
  });

  it('refuses a merge load of a table without a key, naming the fixes', async () => {
    await servers.db.exec('CREATE TABLE nokey (a INT, updated_at DATETIME(6) NOT NULL)');
    configure('nokey', { strategy: 'timestamp_only' });
    await servers.db.exec("INSERT INTO nokey VALUES (1, '2025-01-01')");
    await expect(sync('nokey')).rejects.toThrow(
      /has no primary key, which the merge load needs: set keyColumns for it, or loadMode: append/,
    );
  });

  it('rebuilds a full_sync table and swaps it in, twice, leaving no helper tables behind', async () => {
    await servers.db.exec('CREATE TABLE dims (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, v VARCHAR(10))');
    configure('dims', { strategy: 'full_sync' });
    await servers.db.exec("INSERT INTO dims VALUES (1, NOW(6), 'a'), (2, NOW(6), 'b'), (3, NOW(6), 'c')");
    await sync('dims');
    await servers.db.exec('DELETE FROM dims WHERE id = 2');
    expect((await sync('dims')).load?.replaced).toBe(true);
    await servers.db.exec("INSERT INTO dims VALUES (4, NOW(6), 'd')");
    await sync('dims');
    expect(await rows('SELECT id FROM S.dims ORDER BY id')).toEqual([{ id: 1 }, { id: 3 }, { id: 4 }]);
    // The fence (ADR 0017) stays: it is the table's, not the swap's.
    const leftovers = await rows(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = '${schema()}' AND table_name LIKE 'dims$%' ORDER BY table_name`,
    );
    expect(leftovers).toEqual([{ table_name: 'dims$tidemark_fence' }]);
  });

  it('merges a snapshot into the live table when loadMode is merge, so views on it survive', async () => {
    await servers.db.exec('CREATE TABLE regions (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, v VARCHAR(10))');
    configure('regions', { strategy: 'full_sync', loadMode: 'merge' });
    await servers.db.exec("INSERT INTO regions VALUES (1, NOW(6), 'a'), (2, NOW(6), 'b')");
    await sync('regions');
    await rows('CREATE VIEW S.regions_view AS SELECT id FROM S.regions');
    await servers.db.exec('DELETE FROM regions WHERE id = 1');
    await servers.db.exec("INSERT INTO regions VALUES (3, NOW(6), 'c')");
    const result = await sync('regions');
    expect(result.load?.replaced).toBe(true);
    expect(await rows('SELECT id FROM S.regions_view ORDER BY id')).toEqual([{ id: 2 }, { id: 3 }]);
  });

  it('refuses a full_sync swap under a view, naming it, and keeps the table as it was', async () => {
    await servers.db.exec('CREATE TABLE zones (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL)');
    configure('zones', { strategy: 'full_sync' });
    await servers.db.exec('INSERT INTO zones VALUES (1, NOW(6)), (2, NOW(6))');
    await sync('zones');
    await rows('CREATE VIEW S.zones_view AS SELECT id FROM S.zones');
    await servers.db.exec('DELETE FROM zones WHERE id = 1');
    await expect(sync('zones')).rejects.toThrow(/nothing was committed: .*zones_view.*set loadMode: merge/);
    expect(await rows('SELECT id FROM S.zones ORDER BY id')).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('adds a new source column, widens a longer VARCHAR, and loads older manifests with NULL for the new column', async () => {
    await servers.db.exec('CREATE TABLE items (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, name VARCHAR(10))');
    configure('items');
    await servers.db.exec("INSERT INTO items VALUES (1, '2025-01-01', 'one'), (2, '2025-01-01', 'two')");
    await sync('items');
    // An extraction before the change, then one after it; both load together.
    await servers.db.exec("UPDATE items SET name = 'uno', updated_at = '2025-01-02' WHERE id = 1");
    await sync('items', { load: false });
    await servers.db.exec('ALTER TABLE items ADD COLUMN price DECIMAL(8,2), MODIFY name VARCHAR(40)');
    await servers.db.exec("INSERT INTO items VALUES (3, '2025-01-03', 'a much longer name than ten', 9.99)");
    const result = await sync('items');
    expect(result.load?.manifestsLoaded).toBe(2);
    expect(result.load?.columnsAdded).toEqual(['price']);
    expect(result.load?.columnsWidened).toEqual(['name']);
    expect(await columnTypes('items')).toEqual([
      { name: 'id', type: 'integer' },
      { name: 'updated_at', type: 'timestamp(6) without time zone' },
      { name: 'name', type: 'character varying(40)' },
      { name: 'price', type: 'numeric(8,2)' },
    ]);
    expect(await rows('SELECT id, name, price::text AS price FROM S.items ORDER BY id')).toEqual([
      { id: 1, name: 'uno', price: null },
      { id: 2, name: 'two', price: null },
      { id: 3, name: 'a much longer name than ten', price: '9.99' },
    ]);
  });

  it('stops a table whose column changed type, naming the column and both types, and loads nothing', async () => {
    await servers.db.exec('CREATE TABLE stock (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, qty INT)');
    configure('stock');
    await servers.db.exec("INSERT INTO stock VALUES (1, '2025-01-01', 5)");
    await sync('stock');
    await servers.db.exec('ALTER TABLE stock MODIFY qty DECIMAL(10,2)');
    await servers.db.exec("UPDATE stock SET qty = 5.5, updated_at = '2025-01-02'");
    await expect(sync('stock')).rejects.toThrow(
      /column qty of .*stock is INTEGER in the warehouse, but source column qty \(decimal\(10,2\)\) now needs NUMERIC\(10,2\), a different type/,
    );
    expect(await rows('SELECT id, qty FROM S.stock')).toEqual([{ id: 1, qty: 5 }]);
    const wm = await (await ctx.watermarks()).get({ pipeline: 'default', table: `${schema()}.stock` });
    expect(wm?.load.status).toBe('failed');
    expect(wm?.load.lastError).toMatch(/a different type/);
  });

  it('keeps warehouse names stable: a valid name keeps it, a changed one that collides gets a suffix, and a later column never renames an earlier one', async () => {
    await servers.db.exec(
      'CREATE TABLE odd_names (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, `Order Total` INT, `order_total` INT, `190_time` INT, `select` INT)',
    );
    configure('odd_names');
    await servers.db.exec("INSERT INTO odd_names VALUES (1, '2025-01-01', 10, 20, 30, 40)");
    await sync('odd_names');
    await servers.db.exec('ALTER TABLE odd_names ADD COLUMN `Order-Total` INT AFTER id');
    await servers.db.exec("UPDATE odd_names SET `Order-Total` = 50, updated_at = '2025-01-02'");
    await sync('odd_names');
    expect(
      await rows(`SELECT id, order_total, order_total_2, col_190_time, "select", order_total_3 FROM S.odd_names`),
    ).toEqual([{ id: 1, order_total: 20, order_total_2: 10, col_190_time: 30, select: 40, order_total_3: 50 }]);
    const recorded = await rows(
      `SELECT source_column, target_column FROM S._tidemark_columns WHERE target_table = 'odd_names' ORDER BY position`,
    );
    expect(recorded).toEqual([
      { source_column: 'id', target_column: 'id' },
      { source_column: 'Order-Total', target_column: 'order_total_3' },
      { source_column: 'updated_at', target_column: 'updated_at' },
      { source_column: 'Order Total', target_column: 'order_total_2' },
      { source_column: 'order_total', target_column: 'order_total' },
      { source_column: '190_time', target_column: 'col_190_time' },
      { source_column: 'select', target_column: 'select' },
    ]);
  });
  it('a row deleted and inserted again under its key replaces the old row (merge)', async () => {
    await servers.db.exec('CREATE TABLE reborn (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, v VARCHAR(10))');
    configure('reborn');
    await servers.db.exec("INSERT INTO reborn VALUES (1, '2025-01-01', 'old'), (2, '2025-01-01', 'kept')");
    await sync('reborn');
    await servers.db.exec('DELETE FROM reborn WHERE id = 1');
    await servers.db.exec("INSERT INTO reborn VALUES (1, '2025-01-03', 'new')");
    const second = await sync('reborn');
    expect(second.load?.rowsStaged).toBe(1);
    expect(await rows('SELECT id, v FROM S.reborn ORDER BY id')).toEqual([
      { id: 1, v: 'new' },
      { id: 2, v: 'kept' },
    ]);
  });

  it('the later manifest wins even when its cursor is older, so the target ends as the source is', async () => {
    // A clock set back: the row's second version has an older updated_at than its first,
    // and is read again only because the watermark was set back by hand.
    await servers.db.exec('CREATE TABLE skew (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, v VARCHAR(10))');
    configure('skew');
    const table = { pipeline: 'default', table: `${schema()}.skew` };
    await servers.db.exec("INSERT INTO skew VALUES (1, '2025-01-02', 'first')");
    await sync('skew', { load: false });
    await servers.db.exec("UPDATE skew SET v = 'second', updated_at = '2025-01-01'");
    await (await ctx.watermarks()).setCursor(table, { timestamp: '2024-12-31 00:00:00' }, 'test');
    const reread = await sync('skew', { load: false });
    expect(reread.extract?.rows).toBe(1);
    const load = await sync('skew', { extract: false });
    expect(load.load?.manifestsLoaded).toBe(2);
    expect(await rows('SELECT id, v FROM S.skew')).toEqual([{ id: 1, v: 'second' }]);
  });

  // In one pipeline, config validation refuses the pair (config-table-names.e2e.spec.ts); across pipelines the ledger does.
  it('refuses a second source table whose name sanitizes to a loaded one, naming both, and loads nothing', async () => {
    await servers.db.exec('CREATE TABLE twin (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, v VARCHAR(10))');
    await servers.db.exec('CREATE TABLE Twin (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, v VARCHAR(10))');
    configure('twin');
    ctx.config.pipelines['other'] = { name: 'other', connection: 'default', targetSchema: schema(), tables: [] };
    await servers.db.exec("INSERT INTO twin VALUES (1, '2025-01-01', 'lower')");
    await servers.db.exec("INSERT INTO Twin VALUES (1, '2025-01-02', 'upper')");
    await sync('twin');
    await expect(ctx.syncTable('other', `${schema()}.Twin`)).rejects.toThrow(
      new RegExp(
        `table ${schema()}\\.Twin of pipeline other would load into ${schema()}\\.twin, which already holds ${schema()}\\.twin of pipeline default: ` +
          'two source tables cannot share one warehouse table',
      ),
    );
    expect(await rows('SELECT id, v FROM S.twin')).toEqual([{ id: 1, v: 'lower' }]);
    const wm = await (await ctx.watermarks()).get({ pipeline: 'other', table: `${schema()}.Twin` });
    expect(wm?.load.status).toBe('failed');
    expect(wm?.load.rowsLoaded).toBe(0);
  });
});
