import { MysqlFixture, RealServers } from '@tidemark/testing';
import { statementsSent } from '../test/statements-sent.fixture';
import { SyncHarness } from '../test/sync-harness.fixture';
import { testConfig } from '../test/test-config.fixture';

const TABLES = 8;

const mysqlStatements = (work: () => Promise<unknown>) => statementsSent('mysql', work);

const describing = (sql: string) => /information_schema\.(COLUMNS|STATISTICS)/.test(sql);

/** A run over a pipeline's tables describes them in one round, not one per table (ADR 0035). */
describe("a pipeline run reads its tables' definitions in one round", () => {
  let servers: RealServers;
  let db: MysqlFixture;
  let ctx: SyncHarness;
  const keys: string[] = [];

  beforeAll(async () => {
    servers = await RealServers.open('tm_ahead');
    db = servers.db;
    for (let i = 0; i < TABLES; i++) {
      await db.exec(`CREATE TABLE t_${i} (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, label VARCHAR(20))`);
      await db.exec(`INSERT INTO t_${i} VALUES (1, '2025-01-01 00:00:00', 'a'), (2, '2025-01-01 00:00:01', 'b')`);
      keys.push(`${db.database}.t_${i}`);
    }
    const config = testConfig({ dir: servers.dir.path });
    config.pipelines['default'] = {
      name: 'default',
      connection: 'default',
      tables: keys.map((key) => ({ key, strategy: 'hybrid', cursorColumn: 'updated_at', batchSize: 1000 })),
    };
    ctx = await SyncHarness.open(config);
  });

  afterAll(async () => {
    await ctx?.close();
    await servers?.close();
  });

  it(`describes ${TABLES} tables with one COLUMNS and one STATISTICS query, first run and later runs alike`, async () => {
    for (const run of ['first', 'nothing new']) {
      let outcomes: { status: string }[] = [];
      const sent = await mysqlStatements(async () => (outcomes = await ctx.runPipeline('default')));
      expect(outcomes.map((o) => o.status)).toEqual(Array(TABLES).fill('success'));
      expect({ run, describes: sent.filter(describing).length }).toEqual({ run, describes: 2 });
    }
    const counts = await servers.pg.rows<{ n: string }>(
      keys.map((_, i) => `SELECT COUNT(*) AS n FROM "${db.database}"."t_${i}"`).join(' UNION ALL '),
    );
    expect(counts.map((c) => Number(c.n))).toEqual(Array(TABLES).fill(2));
  });

  it('still describes a table alone when it runs by itself', async () => {
    const sent = await mysqlStatements(() => ctx.syncTable('default', keys[0]));
    expect(sent.filter(describing)).toHaveLength(2);
  });

  it('describes each run anew: a column added since the last run is extracted', async () => {
    await db.exec(`ALTER TABLE t_${TABLES - 1} ADD COLUMN extra INT`);
    await db.exec(`UPDATE t_${TABLES - 1} SET extra = 7, updated_at = '2025-01-02 00:00:00' WHERE id = 1`);
    await ctx.runPipeline('default');
    const rows = await servers.pg.rows<{ extra: number | null }>(
      `SELECT extra FROM "${db.database}"."t_${TABLES - 1}" ORDER BY id`,
    );
    expect(rows.map((r) => r.extra)).toEqual([7, null]);
  });
});
