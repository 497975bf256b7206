import { loadConfig } from '@tidemark/config';
import { HostileTables, makeTempDir, PostgresFixture, MysqlFixture, writeConfigFiles } from '@tidemark/testing';
import { EmbeddedContext, syncTable } from '@tidemark/sync';
import { HOSTILE_NAMES } from './hostile-names.fixture';
import { verifyTable } from './verify-table';

/**
 * Every name Tidemark's generated SQL uses (from the dialects, the CDC
 * queries and verify's own) as a table name, a key column name and a column
 * name, synced in merge and append mode into real PostgreSQL, then compared.
 */
describe('tables and columns named like the names in generated SQL (real MariaDB and PostgreSQL)', () => {
  let db: MysqlFixture;
  let pg: PostgresFixture;
  let dir: ReturnType<typeof makeTempDir>;
  let ctx: EmbeddedContext;
  let tables: HostileTables;
  const appendSchema = () => `${db.database}_append`;
  const key = (name: string) => `${db.database}.${name}`;

  /** Source column → warehouse column, as the loads recorded them. */
  const columnMap = async (schema: string, name: string) => {
    const rows = await pg.rows<{ source_column: string; target_column: string }>(
      `SELECT source_column, target_column FROM "${schema}"."_tidemark_columns" WHERE target_table = $1`,
      [name],
    );
    return new Map(rows.map((r) => [r.source_column, r.target_column]));
  };

  beforeAll(async () => {
    db = await MysqlFixture.create('tm_hostile');
    pg = await PostgresFixture.connect();
    dir = makeTempDir();
    const entries = HOSTILE_NAMES.map((n) => `  ${key(n)}: { cursorColumn: updated_at }`).join('\n');
    const appended = HOSTILE_NAMES.map((n) => `  ${key(n)}: { cursorColumn: updated_at, loadMode: append }`).join('\n');
    const config = writeConfigFiles(dir.path, 'config', {
      pipelines: {
        merged: `connection: default\ntables:\n${entries}\n`,
        appended: `connection: default\ntargetSchema: ${appendSchema()}\ntables:\n${appended}\n`,
      },
    });
    ctx = new EmbeddedContext(loadConfig(config));
    tables = new HostileTables(db, HOSTILE_NAMES);
    for (const name of HOSTILE_NAMES) await tables.create(name);
  });

  afterAll(async () => {
    await ctx?.close();
    for (const schema of db ? [db.database, appendSchema()] : []) await pg?.dropSchema(schema);
    await pg?.close();
    await db?.drop();
    dir?.remove();
  });

  it('lists the names it covers', () => {
    expect(HOSTILE_NAMES).toEqual(expect.arrayContaining(['s', 'newest', '_tidemark_rank', '_tidemark_load_order', 'ceiling']));
  });

  describe.each(HOSTILE_NAMES)('table %s', (name) => {
    it('merges a second batch over the first and verifies equal', async () => {
      await tables.insert(name, [1, 9, 10], '2025-01-01 00:00:00');
      await syncTable(ctx, 'merged', key(name));
      await tables.update(name, 9, '2025-01-02 00:00:00');
      await tables.insert(name, [100], '2025-01-02 00:00:00');
      const second = await syncTable(ctx, 'merged', key(name));
      expect(second.load?.copiedIntoEmptyTable).toBe(false);
      const result = await verifyTable(ctx, 'merged', key(name));
      expect({ equal: result.equal, differences: result.differences, rows: result.warehouseRows }).toEqual({
        equal: true,
        differences: [],
        rows: 4,
      });
      expect(await tables.warehouseDigest((sql) => pg.rows(sql), db.database, name, new Map())).toEqual(
        await tables.sourceDigest(name, new Map()),
      );
      // Key order matters once rows differ: bisection splits ranges at keys and pages by them.
      await pg.rows(`DELETE FROM "${db.database}"."${name}" WHERE "${name}" = 10`);
      const after = await verifyTable(ctx, 'merged', key(name), { leafRows: 1 });
      expect(after.differences.map((d) => `${d.kind} ${d.key.join('|')}`)).toEqual(['missing 10']);
    });

    it('appends a second batch after the first, every column where it belongs', async () => {
      await tables.insert(name, [2, 20], '2025-01-03 00:00:00');
      await syncTable(ctx, 'appended', key(name));
      await tables.insert(name, [200], '2025-01-04 00:00:00');
      await syncTable(ctx, 'appended', key(name));
      const mapped = await columnMap(appendSchema(), name);
      expect(await tables.warehouseDigest((sql) => pg.rows(sql), appendSchema(), name, mapped)).toEqual(
        await tables.sourceDigest(name, mapped),
      );
    });
  });
});
