import { MysqlFixture, PrivateMariadb } from '@tidemark/testing';
import { ExtractorFixture } from '../test/extractor.fixture';
import { HELD_BACK_WARNING_SECONDS } from './held-back-warning';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Another application's transaction, open with writes, holds every
 * table's ceiling back (decision 0058), on a MariaDB server of this
 * spec's own so that it is the only open write. All the while a monitor
 * reads information_schema.INNODB_TRX every 20 ms, as monitoring agents
 * and other runs do: InnoDB then stops refilling that table, and a
 * transaction begun since is missing from it.
 */
describe('a ceiling held back by an open write elsewhere on the server (real MariaDB)', () => {
  let server: PrivateMariadb;
  let fx: ExtractorFixture;
  let app: MysqlFixture;
  let monitor: MysqlFixture;
  let monitoring = true;
  let polls: Promise<void>;

  beforeAll(async () => {
    server = await PrivateMariadb.start();
    fx = await ExtractorFixture.create('tm_held', server.port);
    app = await MysqlFixture.create('tm_held_app', server.port);
    monitor = await MysqlFixture.create('tm_held_monitor', server.port);
    polls = (async () => {
      while (monitoring) {
        await monitor.rows('SELECT COUNT(*) FROM information_schema.INNODB_TRX');
        await sleep(20);
      }
    })();
  }, 90_000);

  afterAll(async () => {
    monitoring = false;
    await polls;
    await monitor?.drop();
    await app?.drop();
    await fx?.close();
    await server?.stop();
  });

  /** `name` with rows 1 and 2 an hour old, read by a first run. */
  async function tableRead(name: string) {
    await fx.db.exec(
      `CREATE TABLE ${name} (id INT PRIMARY KEY, v INT NOT NULL,
         updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6))`,
    );
    await fx.db.exec(
      `INSERT INTO ${name} (id, v, updated_at) VALUES (1, 0, NOW(6) - INTERVAL 1 HOUR), (2, 0, NOW(6) - INTERVAL 1 HOUR)`,
    );
    const extractor = fx.extractor();
    const request = fx.request(name, { batchSize: 100 });
    expect(await extractor.run(request)).toMatchObject({ rows: 2, warnings: [] });
    return {
      run: () => extractor.run(request),
      preview: () => extractor.describe(request),
      versions: async () => (await fx.readParquet(name)).map((r) => `${r[0]}:${r[1]}`).sort(),
    };
  }

  it('does not read past a transaction that wrote a row and sits idle, so that its commit is not lost', async () => {
    const table = await tableRead('idle_writer');
    await app.exec('BEGIN');
    await app.exec(`UPDATE \`${fx.db.database}\`.idle_writer SET v = 1 WHERE id = 1`);
    await sleep(50);
    await fx.db.exec('UPDATE idle_writer SET v = 1 WHERE id = 2');
    // Row 1's new version is stamped before row 2's: a run that read row 2 now would move the cursor past row 1's.
    expect((await table.run()).rows).toBe(0);
    await app.exec('COMMIT');
    expect((await table.run()).rows).toBe(2);
    expect(await table.versions()).toEqual(['1:0', '1:1', '2:0', '2:1']);
  });

  it('leaves the rows written after it began for the first run after it commits, and says whose it is', async () => {
    const table = await tableRead('held');
    await app.exec('CREATE TABLE audit (id INT PRIMARY KEY AUTO_INCREMENT, note TEXT)');
    await app.exec('BEGIN');
    await app.exec("INSERT INTO audit (note) VALUES ('still open')");
    await fx.db.exec('UPDATE held SET v = 1 WHERE id = 1');
    await fx.db.exec('INSERT INTO held (id, v) VALUES (3, 1)');
    await sleep(HELD_BACK_WARNING_SECONDS * 1000);

    const held = await table.run();
    expect(held.rows).toBe(0);
    expect(held.warnings).toEqual([
      expect.stringMatching(
        new RegExp(
          `^MySQL connection "default": thread ${app.connection.threadId} \\(root@[^,]+, database ${app.database}\\) ` +
            `has had a transaction with uncommitted writes open for \\d+ s; ` +
            `rows stamped after \\S+ \\S+ UTC wait for the first run after it commits or ends$`,
        ),
      ),
    ]);

    // A dry run says the same, whatever the age.
    expect((await table.preview()).ceilingHeldBy).toMatch(
      new RegExp(`^thread ${app.connection.threadId} \\(root@[^,]+, database ${app.database}\\) has had a transaction`),
    );

    await app.exec('COMMIT');
    expect((await table.preview()).ceilingHeldBy).toBeUndefined();
    expect(await table.run()).toMatchObject({ rows: 2, warnings: [] });
    expect(await table.versions()).toEqual(['1:0', '1:1', '2:0', '3:1']);
  });
});
