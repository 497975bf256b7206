// Correctness of what was measured: a figure for a run that lost or doubled
// rows means nothing, so the first failed check stops the benchmark.

export class CheckFailed extends Error {}

/** Records every check; throws CheckFailed on the first mismatch. */
export class Checks {
  list = [];

  expectEqual(name, expected, actual) {
    const ok = JSON.stringify(expected) === JSON.stringify(actual);
    this.list.push({ name, expected, actual, ok });
    if (!ok) {
      throw new CheckFailed(`correctness check failed: ${name}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
    }
  }
}

const text = (row) => row.map((v) => (v === null ? null : String(v)));

/** The spec's fingerprint aggregates over a MariaDB table. */
export async function mysqlFingerprint(db, database, table, spec) {
  const [rows] = await db.query({ sql: `SELECT ${spec.fingerprint.join(', ')} FROM \`${database}\`.\`${table}\``, rowsAsArray: true });
  return text(rows[0]);
}

/** The same aggregates over a PostgreSQL table. */
export async function postgresFingerprint(pg, schema, table, spec) {
  const result = await pg.query({ text: `SELECT ${spec.fingerprint.join(', ')} FROM "${schema}"."${table}"`, rowMode: 'array' });
  return text(result.rows[0]);
}

/** Row counts of many tables in one query each side: { table: count }. */
export async function mysqlCounts(db, database, tables) {
  const sql = tables.map((t) => `SELECT ? AS t, COUNT(*) AS n FROM \`${database}\`.\`${t}\``).join(' UNION ALL ');
  const [rows] = await db.query(sql, tables);
  return countsByTable(rows);
}

export async function postgresCounts(pg, schema, tables) {
  const sql = tables.map((t, i) => `SELECT $${i + 1}::text AS t, count(*) AS n FROM "${schema}"."${t}"`).join(' UNION ALL ');
  const result = await pg.query(sql, tables);
  return countsByTable(result.rows);
}

/** In table order: a UNION ALL's rows come in any order (PostgreSQL runs it as a Parallel Append once its tables have statistics). */
function countsByTable(rows) {
  return Object.fromEntries(rows.map((r) => [r.t, Number(r.n)]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
