import { MYSQL, MysqlFixture } from '@tidemark/testing';
import { MysqlSource } from './mysql-source';
import { readBatches } from './read-batches';

/** readBatches over the stream it is written for: a real MariaDB query. */
describe('readBatches on a MysqlSource stream (real MariaDB)', () => {
  let db: MysqlFixture;
  let source: MysqlSource;

  beforeAll(async () => {
    db = await MysqlFixture.create('tm_batches');
    source = await MysqlSource.connect({ name: 'default', ...MYSQL, database: db.database });
  });

  afterAll(async () => {
    await source?.close();
    await db?.drop();
  });

  const query = (n: number) => ({ sql: `SELECT seq FROM seq_1_to_${n}`, params: [] });

  it('yields every row of a query once, in order', async () => {
    const seen: number[] = [];
    for await (const rows of readBatches<unknown[]>(source.stream(query(5000)))) seen.push(...rows.map((r) => Number(r[0])));
    expect(seen).toEqual(Array.from({ length: 5000 }, (_, i) => i + 1));
  });

  // mysql2 emits 'end' itself when its stream closes early: a cut-short read must not look complete.
  it('fails when the stream is closed before its end without an error', async () => {
    const stream = source.stream(query(100_000));
    let seen = 0;
    await expect(
      (async () => {
        for await (const rows of readBatches<unknown[]>(stream)) {
          seen += rows.length;
          if (!stream.destroyed) stream.destroy();
        }
      })(),
    ).rejects.toThrow('Premature close');
    expect(seen).toBeLessThan(100_000);
    // The connection still serves the next query.
    expect(await source.query<{ n: number }>({ sql: 'SELECT 1 AS n', params: [] })).toEqual([{ n: 1 }]);
  });
});
