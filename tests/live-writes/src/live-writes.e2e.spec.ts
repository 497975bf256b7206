import { setTimeout as sleep } from 'node:timers/promises';
import { mysqlDigest, postgresDigest } from '@tidemark/testing';
import { LiveWorld } from './live-world.fixture';
import { LiveWriter } from './live-writer.fixture';

/** The cursor columns applications use, each with the database filling it in. */
const CURSORS: Record<string, string> = {
  datetime0: 'DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP',
  timestamp0: 'TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP',
  datetime3: 'DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)',
  datetime6: 'DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6)',
};
const TABLES = Object.keys(CURSORS);
const COLUMNS = ['id', 'label', 'version', 'updated_at'];
const INITIAL_ROWS = 300;
const WRITE_SECONDS = 25;
/** A busy machine syncs slower: the writes go on until this many syncs ran against them. */
const MIN_SYNCS = 4;

describe('live writes: default config, sync in a loop while an application writes', () => {
  let world: LiveWorld;
  let config: string;

  const sync = async () => {
    const run = await world.cli(config, ['sync', '-p', 'live', '--json']);
    return JSON.parse(run.stdout) as { status: string };
  };

  beforeAll(async () => {
    world = await LiveWorld.open('tm_live');
    for (const [table, cursor] of Object.entries(CURSORS)) {
      await world.db.exec(
        `CREATE TABLE \`${table}\` (id INT AUTO_INCREMENT PRIMARY KEY, label VARCHAR(40) NOT NULL,
           version INT NOT NULL DEFAULT 0, updated_at ${cursor})`,
      );
      await world.db.insert(table, ['label'], Array.from({ length: INITIAL_ROWS }, (_, i) => [`row ${i + 1}`]));
    }
    // Nothing but what a new user writes: the connection, the tables, no tuning.
    config = world.writeConfig('config', 'live', Object.fromEntries(TABLES.map((t) => [t, '{}'])));
  }, 180_000);

  afterAll(() => world?.close());

  it(`every update and late commit of ${WRITE_SECONDS} s of writes reaches the warehouse, for DATETIME(0|3|6) and TIMESTAMP(0) cursors`, async () => {
    const { db } = world;
    const writer = LiveWriter.start({ port: world.server.port, database: db.database, tables: TABLES, initialRows: INITIAL_ROWS, holdOpenMs: 2500 });
    const until = Date.now() + WRITE_SECONDS * 1000;
    let runs = 0;
    try {
      while (Date.now() < until || runs < MIN_SYNCS) {
        expect((await sync()).status).toBe('success');
        runs++;
      }
    } finally {
      const tally = await writer.stop();
      console.log(`live writes: ${runs} syncs during ${((Date.now() - until) / 1000 + WRITE_SECONDS).toFixed(0)} s; writer: ${JSON.stringify(tally)}`);
    }
    // Rows written in the current second are the next run's: a user's next scheduled run comes later than this.
    await sleep(1100);
    expect((await sync()).status).toBe('success');

    const differences: string[] = [];
    for (const table of TABLES) {
      const [source, target] = [await mysqlDigest(db, table, COLUMNS), await postgresDigest(world.pg, db.database, table, COLUMNS)];
      if (source.sha256 !== target.sha256) {
        const stale = await staleRows(table);
        differences.push(`${table}: source ${source.count} rows, warehouse ${target.count}; ${stale.length} rows differ, e.g. ${stale.slice(0, 3).join('; ')}`);
      }
    }
    expect(differences).toEqual([]);
  }, 300_000);

  /** Source rows the warehouse lacks or holds in an older version. */
  async function staleRows(table: string): Promise<string[]> {
    const { db, pg } = world;
    const target = new Map(
      (await pg.rows<{ id: number; version: number }>(`SELECT id, version FROM "${db.database}"."${table}"`)).map((r) => [Number(r.id), Number(r.version)]),
    );
    const source = await db.rows<{ id: number; version: number; updated_at: string }>(`SELECT id, version, updated_at FROM \`${table}\``);
    return source
      .filter((r) => target.get(Number(r.id)) !== Number(r.version))
      .map((r) => `id ${r.id} version ${r.version} (warehouse ${target.get(Number(r.id)) ?? 'missing'}) at ${r.updated_at}`);
  }
});
