import { join } from 'node:path';
import { makeTempDir } from '@tidemark/testing';
import { DuckdbSession, duckdbString } from './duckdb-session';

describe('DuckdbSession', () => {
  const dir = makeTempDir();
  let session: DuckdbSession;

  beforeAll(async () => {
    session = await DuckdbSession.open({ tempDirectory: join(dir.path, 'duckdb'), memoryLimit: '96MB', threads: 1 });
  });
  afterAll(() => {
    session.close();
    dir.remove();
  });

  const cachedBytes = async (): Promise<number> => {
    const reader = await session.connection.runAndReadAll(
      "SELECT coalesce(sum(memory_usage_bytes), 0)::BIGINT AS bytes FROM duckdb_memory() WHERE tag = 'EXTERNAL_FILE_CACHE'",
    );
    return Number(reader.getRowObjects()[0]['bytes']);
  };

  it('keeps nothing of the files it read: a load reads each file once, and a cache of them grew with every file (ADR 0048)', async () => {
    for (let i = 0; i < 3; i++) {
      const path = duckdbString(join(dir.path, `f${i}.parquet`));
      await session.run(
        `COPY (SELECT range AS n, repeat('x', 200) AS t FROM range(50000)) TO ${path} (FORMAT parquet)`,
      );
      await session.run(
        `COPY (SELECT * FROM read_parquet(${path})) TO ${duckdbString(join(dir.path, `f${i}.csv`))} (FORMAT csv)`,
      );
    }
    expect(await cachedBytes()).toBe(0);
  });
});
