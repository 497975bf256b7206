import { TableConfig } from '@tidemark/config';
import { POSTGRES_URL, RealServers } from '@tidemark/testing';
import { EmbeddedContext } from './embedded-context';
import { syncTable } from './sync-table';
import { testConfig } from './test-config.fixture';

/**
 * ADR 0017: loads of different tables into one schema share only
 * bookkeeping that they write blindly, so they never abort each other with
 * a serialization failure (Redshift's error 1023). The warehouse runs every
 * transaction at SERIALIZABLE, as Redshift does; PostgreSQL's SSI then
 * refuses what Redshift refuses: a read of a table another open
 * transaction writes, in both directions.
 */
const ROUNDS = 20;
const TABLES = ['left_t', 'right_t'];

/** The warehouse URL with every transaction at SERIALIZABLE. */
function serializable(url: string): string {
  const u = new URL(url);
  u.searchParams.set('options', '-c default_transaction_isolation=serializable');
  return u.toString();
}

describe('concurrent loads of two tables into one schema (SERIALIZABLE warehouse)', () => {
  let servers: RealServers;
  let ctx: EmbeddedContext;

  beforeAll(async () => {
    servers = await RealServers.open('tm_fence_conc');
    const config = testConfig({ dir: servers.dir.path });
    config.warehouse = { type: 'postgres', url: serializable(POSTGRES_URL) };
    const tables: TableConfig[] = TABLES.map((t) => ({
      key: `${servers.db.database}.${t}`,
      strategy: 'hybrid',
      cursorColumn: 'updated_at',
      batchSize: 1000,
    }));
    config.pipelines['default'] = { name: 'default', connection: 'default', tables };
    ctx = new EmbeddedContext(config);
    for (const t of TABLES) {
      await servers.db.exec(`CREATE TABLE ${t} (id INT PRIMARY KEY, updated_at DATETIME(6) NOT NULL, v INT NOT NULL)`);
    }
  });
  afterAll(async () => {
    await ctx?.close();
    await servers?.close();
  });

  const key = (t: string) => `${servers.db.database}.${t}`;

  it(`loads both tables ${ROUNDS} times each, at once, without one load aborting the other`, async () => {
    const failures: string[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      for (const t of TABLES) {
        await servers.db.exec(
          `INSERT INTO ${t} VALUES (${round}, NOW(6), ${round}), (1, NOW(6), ${round}) ON DUPLICATE KEY UPDATE v = VALUES(v), updated_at = VALUES(updated_at)`,
        );
        await syncTable(ctx, 'default', key(t), { load: false });
      }
      const loads = await Promise.allSettled(TABLES.map((t) => syncTable(ctx, 'default', key(t), { extract: false })));
      for (const l of loads) if (l.status === 'rejected') failures.push(`round ${round}: ${(l.reason as Error).message}`);
    }
    expect(failures).toEqual([]);
    for (const t of TABLES) {
      const rows = await servers.pg.rows<{ id: number; v: number }>(`SELECT id, v FROM "${servers.db.database}".${t} ORDER BY id`);
      expect(rows).toEqual(Array.from({ length: ROUNDS }, (_, i) => ({ id: i + 1, v: i === 0 ? ROUNDS : i + 1 })));
    }
  }, 600_000);
});
