import { BoundQuery } from '@tidemark/cdc';
import { MYSQL, MysqlFixture } from '@tidemark/testing';
import { MysqlSource } from './mysql-source';
import { DESCRIBED_AHEAD_MAX_AGE_MS, TableDescriptions } from './table-descriptions';

/** Table descriptions against real MariaDB, counting the information_schema queries really sent. */
describe('TableDescriptions (real MariaDB)', () => {
  let db: MysqlFixture;
  let source: MysqlSource;
  const tables = Array.from({ length: 12 }, (_, i) => `t_${i}`);
  let sent: string[];
  let now: number;

  /** Descriptions over the real connection, recording each query's first words. */
  const descriptions = () =>
    new TableDescriptions(
      <T>(q: BoundQuery) => {
        sent.push(/FROM information_schema\.(\w+)/.exec(q.sql)?.[1] ?? q.sql);
        return source.query<T>(q);
      },
      () => 'default',
      () => now,
    );

  beforeAll(async () => {
    db = await MysqlFixture.create('tm_describe');
    source = await MysqlSource.connect({ name: 'default', ...MYSQL, database: db.database });
    for (const [i, t] of tables.entries()) {
      const key = i % 2 ? 'PRIMARY KEY (a, id)' : 'PRIMARY KEY (id)';
      await db.exec(
        `CREATE TABLE \`${t}\` (id BIGINT UNSIGNED NOT NULL, a INT NOT NULL, flag TINYINT(1), doc JSON, ` +
          `bits BIT(${i + 1}), ts DATETIME(6), ${key})`,
      );
    }
  });

  beforeEach(() => {
    sent = [];
    now = 1_000_000;
  });

  afterAll(async () => {
    await source?.close();
    await db?.drop();
  });

  it("describes a run's tables in one round, each the same as when described alone", async () => {
    const alone = [];
    for (const t of tables) alone.push(await descriptions().describe(db.database, t));
    expect(sent.filter((q) => q === 'COLUMNS')).toHaveLength(tables.length);

    sent = [];
    const ahead = descriptions();
    ahead.describeAhead(db.database, tables);
    const together = [];
    for (const t of tables) together.push(await ahead.describe(db.database, t));
    expect(together).toEqual(alone);
    // Columns and keys once for all tables, plus MariaDB's JSON checks once (the JSON column is a LONGTEXT there).
    expect(sent).toEqual(['COLUMNS', 'CHECK_CONSTRAINTS', 'STATISTICS']);
    expect(together[3]).toMatchObject({
      table: 't_3',
      primaryKey: [expect.objectContaining({ name: 'a' }), expect.objectContaining({ name: 'id' })],
    });
    expect(together[3].columns.map((c) => [c.name, c.dataType, c.precision])).toEqual([
      ['id', 'bigint', 20],
      ['a', 'int', 10],
      ['flag', 'tinyint', 3],
      ['doc', 'json', null],
      ['bits', 'bit', 4],
      ['ts', 'datetime', null],
    ]);
  });

  it('uses a description read ahead once: the next describe of the table reads it again', async () => {
    const ahead = descriptions();
    ahead.describeAhead(db.database, ['t_1']);
    await ahead.describe(db.database, 't_1');
    sent = [];
    await db.exec('ALTER TABLE `t_1` ADD COLUMN extra INT');
    const again = await ahead.describe(db.database, 't_1');
    expect(sent[0]).toBe('COLUMNS');
    expect(again.columns.map((c) => c.name)).toContain('extra');
  });

  it(`reads a table again when its description read ahead is older than ${DESCRIBED_AHEAD_MAX_AGE_MS / 1000} s`, async () => {
    const ahead = descriptions();
    ahead.describeAhead(db.database, ['t_2', 't_4']);
    await ahead.describe(db.database, 't_2');
    now += DESCRIBED_AHEAD_MAX_AGE_MS + 1;
    sent = [];
    await ahead.describe(db.database, 't_4');
    expect(sent.filter((q) => q === 'COLUMNS')).toHaveLength(1);
  });

  it('names a table that does not exist, whether or not it was read ahead', async () => {
    const ahead = descriptions();
    ahead.describeAhead(db.database, ['t_0', 'missing']);
    const refusal = {
      code: 'NOT_FOUND',
      message: `table ${db.database}.missing does not exist in MySQL connection "default"`,
    };
    await expect(ahead.describe(db.database, 'missing')).rejects.toMatchObject(refusal);
    await expect(descriptions().describe(db.database, 'missing')).rejects.toMatchObject(refusal);
    expect((await ahead.describe(db.database, 't_0')).table).toBe('t_0');
  });

  it('falls back to describing each table alone when the round fails', async () => {
    let fail = true;
    const flaky = new TableDescriptions(
      <T>(q: BoundQuery) => {
        sent.push(q.sql);
        if (fail) {
          fail = false;
          return Promise.reject(new Error('connection reset'));
        }
        return source.query<T>(q);
      },
      () => 'default',
      () => now,
    );
    flaky.describeAhead(db.database, ['t_5', 't_6']);
    expect((await flaky.describe(db.database, 't_5')).columns).toHaveLength(6);
  });

  it('is what MysqlSource.describeTable answers, read ahead or not', async () => {
    source.describeAhead(db.database, ['t_7', 't_8']);
    expect(await source.describeTable(db.database, 't_8')).toEqual(await descriptions().describe(db.database, 't_8'));
    expect(await source.describeTable(db.database, 't_9')).toEqual(await descriptions().describe(db.database, 't_9'));
  });
});
