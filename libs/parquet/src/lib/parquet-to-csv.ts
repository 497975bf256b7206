import { DuckdbSession, duckdbIdentifier, duckdbString } from './duckdb-session';

/** A column to write: its name in the Parquet file (absent = older file, NULL). */
export interface CsvColumn {
  parquetName: string;
  /** DuckDB type of the column in the Parquet file. */
  parquetType: string;
}

function csvExpression(column: CsvColumn, present: boolean): string {
  if (!present) return 'NULL';
  const name = duckdbIdentifier(column.parquetName);
  if (column.parquetType === 'BLOB') return `'\\x' || hex(${name})`; // PostgreSQL bytea hex input
  if (column.parquetType === 'TIMESTAMP') return `strftime(${name}, '%Y-%m-%d %H:%M:%S.%f')`;
  return name;
}

/**
 * Decodes a Parquet file into CSV for PostgreSQL `COPY ... (FORMAT csv)`:
 * NULL is an unquoted empty field, an empty string is `""`, timestamps keep
 * their microseconds, decimals their digits. Streams inside DuckDB.
 */
export async function parquetToCsv(
  session: DuckdbSession,
  parquetPath: string,
  columns: CsvColumn[],
  csvPath: string,
): Promise<void> {
  const reader = await session.connection.runAndReadAll(
    `SELECT name FROM parquet_schema(${duckdbString(parquetPath)})`,
  );
  const present = new Set(reader.getRows().map((r) => String(r[0])));
  const select = columns.map((c) => csvExpression(c, present.has(c.parquetName))).join(', ');
  await session.run(
    `COPY (SELECT ${select} FROM read_parquet(${duckdbString(parquetPath)})) TO ${duckdbString(csvPath)} ` +
      `(FORMAT csv, HEADER false, QUOTE '"', ESCAPE '"', NULLSTR '')`,
  );
}
