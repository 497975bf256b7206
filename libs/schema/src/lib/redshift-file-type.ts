import { parseSqlType } from './sql-type';

/**
 * Redshift's destination capability for Parquet files: the DuckDB type a
 * column is written as so that the file column is the one Redshift's
 * Parquet COPY accepts for its warehouse column (redshift-parquet.ts holds
 * the rule, docs/redshift.md "## Types" the table):
 * SMALLINT/INTEGER → INT32, BIGINT → INT64 (signed, never unsigned),
 * DECIMAL(p,s) → DECIMAL(p,s) exactly, TIMESTAMPTZ → UTC-adjusted
 * microseconds, TIMESTAMP → naive microseconds, VARCHAR and SUPER → UTF-8
 * text (SUPER is staged as text and JSON_PARSEd after the COPY), VARBYTE →
 * binary.
 */
const DUCKDB_TYPE: Record<string, (args: number[]) => string> = {
  smallint: () => 'SMALLINT',
  integer: () => 'INTEGER',
  bigint: () => 'BIGINT',
  numeric: ([p, s = 0]) => `DECIMAL(${p},${s})`,
  real: () => 'FLOAT',
  'double precision': () => 'DOUBLE',
  boolean: () => 'BOOLEAN',
  date: () => 'DATE',
  timestamp: () => 'TIMESTAMP',
  timestamptz: () => 'TIMESTAMPTZ',
  varchar: () => 'VARCHAR',
  char: () => 'VARCHAR',
  super: () => 'VARCHAR',
  varbyte: () => 'BLOB',
};

/** The DuckDB type a file column for a Redshift column of `redshiftType` is written as. */
export function redshiftFileTypeOf(redshiftType: string): string {
  const { base, args } = parseSqlType(redshiftType);
  const type = DUCKDB_TYPE[base];
  if (!type) throw new Error(`no Parquet encoding is known for the Redshift column type ${redshiftType}`);
  return type(args);
}
