import { DuckdbSession, duckdbIdentifier, duckdbString, describeRowByKey, unstorableCheckOf, UnstorableTextRule } from '@tidemark/parquet';
import { Manifest } from '@tidemark/watermark-model';

/** Rows that may hold a NUL, read at most this many at once (the SQL filter is wider than the exact check). */
const CANDIDATES = 100;

/**
 * The first row of a manifest's Parquet file with a value the warehouse
 * cannot store (a NUL, or `\u0000` in JSON), described with its column and
 * key; undefined when the file holds none. Run after a failed COPY to say
 * what in the manifest the warehouse refused.
 */
export async function firstUnstorableValue(session: DuckdbSession, parquetPath: string, manifest: Manifest): Promise<string | undefined> {
  const conditions = manifest.columns.flatMap((c) => {
    const check = unstorableCheckOf(c);
    const name = duckdbIdentifier(c.name);
    if (check === null) return [];
    return [`strpos(${name}, chr(0)) > 0`, ...(check === 'json' ? [`strpos(${name}, '\\u0000') > 0`] : [])];
  });
  if (conditions.length === 0) return undefined;
  const select = manifest.columns.map((c) => duckdbIdentifier(c.name)).join(', ');
  const reader = await session.connection.runAndReadAll(
    `SELECT ${select} FROM read_parquet(${duckdbString(parquetPath)}) WHERE ${conditions.join(' OR ')} LIMIT ${CANDIDATES}`,
  );
  const rule = new UnstorableTextRule(
    { mode: 'fail', table: manifest.table, describeRow: describeRowByKey(manifest.columns, manifest.primaryKey) },
    manifest.columns,
  );
  for (const row of reader.getRows()) {
    const problem = rule.firstProblem(row as unknown[]);
    if (problem) return problem;
  }
  return undefined;
}
