import { DuckdbSession, duckdbIdentifier, duckdbString } from './duckdb-session';

/** A column to write: its name in the Parquet file (absent = older file, NULL). The file's own type decodes it. */
export interface CsvColumn {
  parquetName: string;
}

function csvExpression(column: CsvColumn, fileType: string | undefined): string {
  if (fileType === undefined) return 'NULL';
  const name = duckdbIdentifier(column.parquetName);
  if (fileType === 'BLOB') return `'\\x' || hex(${name})`; // PostgreSQL bytea hex input
  if (fileType === 'TIMESTAMP') return `strftime(${name}, '%Y-%m-%d %H:%M:%S.%f')`;
  // An instant: written in UTC with its offset, whatever DuckDB's session zone is.
  if (fileType === 'TIMESTAMP WITH TIME ZONE') return `strftime(timezone('UTC', ${name}), '%Y-%m-%d %H:%M:%S.%f') || '+00'`;
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
  // The file's own types decide the decoding: files typed for another warehouse (Redshift) decode too.
  const reader = await session.connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${duckdbString(parquetPath)})`);
  const fileTypes = new Map(reader.getRowObjects().map((r) => [String(r['column_name']), String(r['column_type'])]));
  const select = columns.map((c) => csvExpression(c, fileTypes.get(c.parquetName))).join(', ');
  await session.run(
    `COPY (SELECT ${select} FROM read_parquet(${duckdbString(parquetPath)})) TO ${duckdbString(csvPath)} ` +
      `(FORMAT csv, HEADER false, QUOTE '"', ESCAPE '"', NULLSTR '')`,
  );
}
