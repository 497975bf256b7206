import { formatSqlType, parseSqlType, SqlType } from './sql-type';

/** One leaf row of DuckDB's `parquet_schema()`, numbers converted. */
export interface ParquetSchemaColumn {
  name: string;
  /** Physical: INT32, INT64, BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY, BOOLEAN, FLOAT, DOUBLE, INT96. */
  type: string | null;
  converted_type: string | null;
  logical_type: string | null;
  precision: number | null;
  scale: number | null;
  type_length: number | null;
}

/**
 * Which Parquet column Redshift's `COPY … FORMAT AS PARQUET` (read through
 * Redshift Spectrum) loads into which column type. Spectrum does not
 * convert: a file column whose physical or logical type is not the one it
 * expects fails the COPY. AWS documents the failure, not a full table, so
 * each rule accepts exactly the encodings docs/redshift.md ("## Types")
 * names and refuses every other one (the conservative reading):
 * - integers: the physical width of the column (INT32 for SMALLINT and
 *   INTEGER, INT64 for BIGINT), signed, annotated for at most that width;
 *   never an unsigned annotation;
 * - DECIMAL(p,s): the DECIMAL annotation with exactly p and s, in INT32
 *   (p ≤ 9), INT64 (p ≤ 18) or FIXED_LEN_BYTE_ARRAY of the minimal length
 *   for p (Spectrum's "invalid type length" otherwise), or of 16 bytes
 *   (DuckDB's width; see docs/redshift.md for why it is accepted);
 * - TIMESTAMP: INT64 micro- or milliseconds, not adjusted to UTC (or
 *   INT96); TIMESTAMPTZ: INT64 micro- or milliseconds adjusted to UTC;
 *   nanoseconds never (Spectrum misreads them);
 * - VARCHAR/CHAR and SUPER: UTF-8 strings; VARBYTE: unannotated binary.
 */
type Rule = (file: ParquetSchemaColumn, column: SqlType) => boolean | string;

const UNSIGNED = /^UINT_/;
const timestampUnit = (f: ParquetSchemaColumn) => /unit=TimeUnit\((?:[^)]*?)(MILLIS|MICROS|NANOS)=(?!<null>)/.exec(f.logical_type ?? '')?.[1];
const adjusted = (f: ParquetSchemaColumn): boolean | undefined => {
  const m = /isAdjustedToUTC=(0|1|true|false)/i.exec(f.logical_type ?? '');
  return m ? m[1] === '1' || m[1].toLowerCase() === 'true' : undefined;
};
/** Bits of a logical integer annotation, if it has one: IntType(bitWidth=16, isSigned=true). */
const logicalInt = (f: ParquetSchemaColumn) => {
  const m = /IntType\(bitWidth=(\d+), isSigned=(\w+)\)/i.exec(f.logical_type ?? '');
  return m ? { bits: Number(m[1]), signed: /^(1|true)$/i.test(m[2]) } : undefined;
};

function signedInt(physical: 'INT32' | 'INT64', allowed: number[]): Rule {
  return (f) => {
    if (f.type !== physical || UNSIGNED.test(f.converted_type ?? '')) return false;
    const logical = logicalInt(f);
    if (logical && (!logical.signed || !allowed.includes(logical.bits))) return false;
    if (f.converted_type === null) return true;
    return allowed.some((bits) => f.converted_type === `INT_${bits}`);
  };
}

/** The fewest bytes a two's-complement unscaled value of `precision` digits needs. */
export function decimalBytes(precision: number): number {
  let bytes = 1;
  while (2n ** BigInt(8 * bytes - 1) <= 10n ** BigInt(precision)) bytes++;
  return bytes;
}
/** DuckDB writes every DECIMAL wider than 18 digits in 16 bytes. */
const DUCKDB_DECIMAL_BYTES = 16;

const decimal: Rule = (f, column) => {
  const [precision, scale = 0] = column.args;
  if (f.converted_type !== 'DECIMAL' && !/^DecimalType/.test(f.logical_type ?? '')) return false;
  if (f.precision !== precision || (f.scale ?? 0) !== scale) return false;
  if (f.type === 'INT32') return precision <= 9;
  if (f.type === 'INT64') return precision <= 18;
  if (f.type !== 'FIXED_LEN_BYTE_ARRAY') return false;
  const expected = decimalBytes(precision);
  if (f.type_length === expected || f.type_length === DUCKDB_DECIMAL_BYTES) return true;
  return `column '${f.name}' has an invalid type length. Expecting: ${expected} len in file: ${f.type_length}`;
};

const timestamp =
  (utc: boolean): Rule =>
  (f) => {
    if (f.type === 'INT96') return !utc;
    if (f.type !== 'INT64') return false;
    const unit = timestampUnit(f) ?? /^TIMESTAMP_(MILLIS|MICROS)$/.exec(f.converted_type ?? '')?.[1];
    if (unit !== 'MICROS' && unit !== 'MILLIS') return false;
    // A converted type alone (no logical type) says UTC-adjusted, by the Parquet spec.
    return (adjusted(f) ?? true) === utc;
  };

const utf8: Rule = (f) =>
  f.type === 'BYTE_ARRAY' && (f.converted_type === 'UTF8' || /^StringType/.test(f.logical_type ?? ''));

const RULES: Record<string, Rule> = {
  smallint: signedInt('INT32', [16]),
  integer: signedInt('INT32', [32]),
  bigint: signedInt('INT64', [64]),
  numeric: decimal,
  real: (f) => f.type === 'FLOAT',
  'double precision': (f) => f.type === 'DOUBLE',
  boolean: (f) => f.type === 'BOOLEAN',
  date: (f) => f.type === 'INT32' && (f.converted_type === 'DATE' || /^DateType/.test(f.logical_type ?? '')),
  timestamp: timestamp(false),
  timestamptz: timestamp(true),
  varchar: utf8,
  char: utf8,
  super: utf8,
  varbyte: (f) => f.type === 'BYTE_ARRAY' && f.converted_type === null && f.logical_type === null,
};

/** The file column as Spectrum's message shows it: physical type, then its annotations. */
export function describeParquetColumn(f: ParquetSchemaColumn): string {
  const parts = [f.type ?? 'GROUP'];
  if (f.type === 'FIXED_LEN_BYTE_ARRAY' && f.type_length !== null) parts[0] += `(${f.type_length})`;
  if (f.converted_type) parts.push(f.converted_type === 'DECIMAL' ? `DECIMAL(${f.precision},${f.scale ?? 0})` : f.converted_type);
  if (f.logical_type) parts.push(f.logical_type);
  return parts.join(' ');
}

/**
 * Undefined when Redshift's Parquet COPY loads `file` into a column of
 * `redshiftType` (any spelling parseSqlType reads: `INTEGER`,
 * `numeric(20,0)`, `timestamp with time zone` …); otherwise the reason,
 * worded like Spectrum's error.
 */
export function redshiftParquetMismatch(redshiftType: string, file: ParquetSchemaColumn): string | undefined {
  const column = parseSqlType(redshiftType);
  const rule = RULES[column.base];
  const verdict = rule ? rule(file, column) : false;
  if (verdict === true) return undefined;
  if (typeof verdict === 'string') return verdict;
  return (
    `incompatible Parquet schema for column '${file.name}'. ` +
    `Column type: ${formatSqlType(column)}, Parquet schema: ${describeParquetColumn(file)}`
  );
}
