import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@tidemark/config';
import { HostileTables, makeTempDir, PostgresFixture, MysqlFixture, writeConfigFiles } from '@tidemark/testing';
import {
  leaseHolderName,
  SourceConnections,
  SyncModule,
  TableJobs,
  TableSync,
  WarehouseConnection,
  WatermarkConnection,
} from '@tidemark/sync';
import { HOSTILE_NAMES } from './hostile-names.fixture';
import { verifyTable, VerifyInputs, VerifyOptions } from '@tidemark/verify';

/**
 * Every name Tidemark's generated SQL uses (from the dialects, the CDC
 * queries and verify's own) as a table name, a key column name and a column
 * name, synced in merge and append mode into real PostgreSQL, then compared.
 */
describe('tables and columns named like the names in generated SQL (real MariaDB and PostgreSQL)', () => {
  let db: MysqlFixture;
  let pg: PostgresFixture;
  let dir: ReturnType<typeof makeTempDir>;
  let app: INestApplicationContext;
  let tables: HostileTables;
  const appendSchema = () => `${db.database}_append`;
  const key = (name: string) => `${db.database}.${name}`;

  const rows = (sql: string, params?: unknown[]) => pg.rows(sql, params);

  /** Extract, then load, through the sync module the CLI composes. */
  async function sync(pipeline: string, table: string) {
    const job = app.get(TableJobs).job(pipeline, table);
    const tableSync = app.get(TableSync);
    return { extract: await tableSync.extract(job), load: await tableSync.load(job) };
  }

  function verify(pipeline: string, table: string, o?: VerifyOptions) {
    const inputs: VerifyInputs = {
      sources: app.get(SourceConnections),
      warehouse: app.get(WarehouseConnection),
      watermarks: app.get(WatermarkConnection),
      holder: leaseHolderName(),
    };
    return verifyTable(inputs, app.get(TableJobs).job(pipeline, table), o);
  }

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
    app = await NestFactory.createApplicationContext(SyncModule.forConfig(loadConfig(config)), { logger: false });
    tables = new HostileTables(db, HOSTILE_NAMES);
    for (const name of HOSTILE_NAMES) await tables.create(name);
  });

  afterAll(async () => {
    await app?.close();
    for (const schema of db ? [db.database, appendSchema()] : []) await pg?.dropSchema(schema);
    await pg?.close();
    await db?.drop();
    dir?.remove();
  });

  it('lists the names it covers', () => {
    expect(HOSTILE_NAMES).toEqual(
      expect.arrayContaining(['s', 'newest', '_tidemark_rank', '_tidemark_load_order', 'ceiling']),
    );
  });

  describe.each(HOSTILE_NAMES)('table %s', (name) => {
    it('merges a second batch over the first and verifies equal', async () => {
      const second = await tables.mergeTwice(name, () => sync('merged', key(name)));
      expect(second.load?.copiedIntoEmptyTable).toBe(false);
      const result = await verify('merged', key(name));
      expect({ equal: result.equal, differences: result.differences, rows: result.warehouseRows }).toEqual({
        equal: true,
        differences: [],
        rows: 4,
      });
      expect(await tables.warehouseDigest(rows, db.database, name, new Map())).toEqual(
        await tables.sourceDigest(name, new Map()),
      );
      // Key order matters once rows differ: bisection splits ranges at keys and pages by them.
      await pg.rows(`DELETE FROM "${db.database}"."${name}" WHERE "${name}" = 10`);
      const after = await verify('merged', key(name), { leafRows: 1 });
      expect(after.differences.map((d) => `${d.kind} ${d.key.join('|')}`)).toEqual(['missing 10']);
    });

    it('appends a second batch after the first, every column where it belongs', async () => {
      await tables.appendTwice(name, () => sync('appended', key(name)));
      const mapped = await tables.columnMap(rows, appendSchema(), name);
      expect(await tables.warehouseDigest(rows, appendSchema(), name, mapped)).toEqual(
        await tables.sourceDigest(name, mapped),
      );
    });
  });
});
