import { MysqlFixture, mysqlDigest, PostgresFixture, postgresDigest, RealServers } from '@tidemark/testing';
import { statementsSent } from '../test/statements-sent.fixture';
import { SyncHarness } from '../test/sync-harness.fixture';
import { testConfig } from '../test/test-config.fixture';
import { TableJobs } from './table-job';
import { TableSync } from './table-sync';

const COLUMNS = ['id', 'updated_at', 'v'];

/** The loader's shortcut for a first load: COPY straight into the empty table, and its fallback to the merge. */
describe('loading into an empty PostgreSQL table', () => {
  let servers: RealServers;
  let db: MysqlFixture;
  let pg: PostgresFixture;
  let ctx: SyncHarness;

  beforeAll(async () => {
    servers = await RealServers.open('tm_direct');
    ({ db, pg } = servers);
    ctx = await SyncHarness.open(testConfig({ dir: servers.dir.path }));
  });

  afterAll(async () => {
    await ctx?.close();
    await servers?.close();
  });

  const createTable = (name: string) =>
    db.exec(`CREATE TABLE ${name} (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, v VARCHAR(20))`);
  const extractOnly = (name: string) => ctx.syncTable('default', `${db.database}.${name}`, { load: false });
  const loadOnly = async (name: string) =>
    (await ctx.syncTable('default', `${db.database}.${name}`, { extract: false })).load;
  const matchesSource = async (name: string) =>
    expect(await postgresDigest(pg, db.database, name, COLUMNS)).toEqual(await mysqlDigest(db, name, COLUMNS));

  it('copies a first load whose keys are all distinct straight into the new table', async () => {
    await createTable('fresh');
    await db.exec("INSERT INTO fresh VALUES (1, '2025-01-01', 'a'), (2, '2025-01-02', 'b'), (3, '2025-01-03', 'c')");
    await extractOnly('fresh');
    await db.exec("INSERT INTO fresh VALUES (4, '2025-01-04', 'd')");
    await extractOnly('fresh');
    const load = await loadOnly('fresh');
    expect(load).toMatchObject({ manifestsLoaded: 2, rowsStaged: 4, copiedIntoEmptyTable: true });
    await matchesSource('fresh');
  });

  it("builds a new table's primary key once its rows are copied in, under the name PostgreSQL gives it", async () => {
    await createTable('keyed');
    await db.exec("INSERT INTO keyed VALUES (1, '2025-01-01', 'a'), (2, '2025-01-02', 'b')");
    await extractOnly('keyed');
    const sent = await statementsSent('warehouse', async () =>
      expect(await loadOnly('keyed')).toMatchObject({ rowsStaged: 2, copiedIntoEmptyTable: true }),
    );
    const table = `"${db.database}"."keyed"`;
    const create = sent.findIndex((sql) => sql.startsWith(`CREATE TABLE IF NOT EXISTS ${table}`));
    const copy = sent.findIndex((sql) => sql.startsWith(`COPY ${table}`));
    const key = sent.indexOf(`ALTER TABLE ${table} ADD PRIMARY KEY ("id")`);
    expect(sent[create]).not.toContain('PRIMARY KEY');
    expect([create >= 0, create < copy, copy < key]).toEqual([true, true, true]);
    expect(await pg.primaryKey(db.database, 'keyed')).toEqual({ name: 'keyed_pkey', columns: ['id'] });
    await matchesSource('keyed');
  });

  it('merges the next load into the table that now has rows', async () => {
    await db.exec("UPDATE fresh SET v = 'b2', updated_at = '2025-02-01' WHERE id = 2");
    await extractOnly('fresh');
    expect(await loadOnly('fresh')).toMatchObject({ manifestsLoaded: 1, rowsStaged: 1, copiedIntoEmptyTable: false });
    await matchesSource('fresh');
  });

  it('falls back to staging and merging when a key repeats across the manifests, keeping the newest version', async () => {
    await createTable('repeats');
    await db.exec("INSERT INTO repeats VALUES (1, '2025-01-01', 'v1'), (2, '2025-01-01', 'x')");
    await extractOnly('repeats');
    await db.exec("UPDATE repeats SET v = 'v2', updated_at = '2025-01-05' WHERE id = 1");
    await extractOnly('repeats');
    const load = await loadOnly('repeats');
    expect(load).toMatchObject({ manifestsLoaded: 2, rowsStaged: 3, copiedIntoEmptyTable: false });
    expect(await pg.rows(`SELECT id, v FROM "${db.database}".repeats ORDER BY id`)).toEqual([
      { id: 1, v: 'v2' },
      { id: 2, v: 'x' },
    ]);
    expect(await pg.primaryKey(db.database, 'repeats')).toEqual({ name: 'repeats_pkey', columns: ['id'] });
    await matchesSource('repeats');
  });

  const loadExpectingNewKeys = async (name: string) =>
    ctx.app.get(TableSync).load(ctx.app.get(TableJobs).job('default', `${db.database}.${name}`), { newKeysExpected: true });

  it('with new keys expected (a later load of a run that fills the table), copies straight into a table with rows', async () => {
    await createTable('filling');
    await db.exec("INSERT INTO filling VALUES (1, '2025-01-01', 'a'), (2, '2025-01-02', 'b')");
    await extractOnly('filling');
    expect(await loadOnly('filling')).toMatchObject({ rowsStaged: 2, copiedIntoEmptyTable: true });
    await db.exec("INSERT INTO filling VALUES (3, '2025-01-03', 'c'), (4, '2025-01-04', 'd')");
    await extractOnly('filling');
    expect(await loadExpectingNewKeys('filling')).toMatchObject({ rowsStaged: 2, copiedIntoEmptyTable: true });
    await matchesSource('filling');
  });

  it('with new keys expected, falls back to staging and merging when a key is in the table after all', async () => {
    await db.exec("UPDATE filling SET v = 'a2', updated_at = '2025-02-01' WHERE id = 1");
    await db.exec("INSERT INTO filling VALUES (5, '2025-02-02', 'e')");
    await extractOnly('filling');
    expect(await loadExpectingNewKeys('filling')).toMatchObject({ rowsStaged: 2, copiedIntoEmptyTable: false });
    expect(await pg.rows(`SELECT id, v FROM "${db.database}".filling ORDER BY id`)).toEqual(
      ['a2', 'b', 'c', 'd', 'e'].map((v, i) => ({ id: i + 1, v })),
    );
    await matchesSource('filling');
  });

  it('copies straight into an existing table that is still empty', async () => {
    await createTable('later');
    await db.exec("INSERT INTO later VALUES (1, '2025-01-01', 'a')");
    await pg.client.query(`CREATE SCHEMA IF NOT EXISTS "${db.database}"`);
    await pg.client.query(
      `CREATE TABLE "${db.database}".later (id INT PRIMARY KEY, updated_at TIMESTAMP(6), v VARCHAR(20))`,
    );
    await extractOnly('later');
    expect(await loadOnly('later')).toMatchObject({ rowsStaged: 1, copiedIntoEmptyTable: true });
    await matchesSource('later');
  });
});
