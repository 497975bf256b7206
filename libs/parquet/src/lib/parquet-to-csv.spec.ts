import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '@tidemark/testing';
import { DuckdbSession, duckdbString } from './duckdb-session';
import { parquetToCsv } from './parquet-to-csv';

describe('parquetToCsv', () => {
  const dir = makeTempDir();
  let session: DuckdbSession;

  beforeAll(async () => {
    session = await DuckdbSession.open({ tempDirectory: join(dir.path, 'duckdb') });
    // A session zone far from UTC: decoding must not depend on it.
    await session.run("SET TimeZone = 'Asia/Kathmandu'");
  });
  afterAll(() => {
    session.close();
    dir.remove();
  });

  it("decodes by the file's own types: files typed for Redshift (instants, signed widths) and for PostgreSQL alike", async () => {
    const path = join(dir.path, 'typed.parquet');
    await session.run(
      `COPY (SELECT 18446744073709551615::DECIMAL(20,0) AS big, CAST('2024-03-10 12:34:56.123456+00' AS TIMESTAMPTZ) AS instant, ` +
        `TIMESTAMP '2024-03-10 12:34:56.000001' AS wall, '\\x00\\xFF'::BLOB AS bytes, 7::UTINYINT AS small) TO ${duckdbString(path)} (FORMAT parquet)`,
    );
    const csv = join(dir.path, 'typed.csv');
    await parquetToCsv(session, path, ['big', 'instant', 'wall', 'bytes', 'small', 'dropped_since'].map((parquetName) => ({ parquetName })), csv);
    expect(readFileSync(csv, 'utf8')).toBe('18446744073709551615,2024-03-10 12:34:56.123456+00,2024-03-10 12:34:56.000001,\\x00FF,7,\n');
  });
});
