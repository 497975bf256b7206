import { parseSqlType } from './sql-type';

/**
 * One row of DuckDB's `parquet_schema()` (numbers converted): the physical
 * type (INT32, INT64, BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY, BOOLEAN, FLOAT,
 * DOUBLE, INT96) and the annotations of a file column.
 */
export interface ParquetSchemaColumn {
  name: string;
  type: string | null;
  converted_type: string | null;
  logical_type: string | null;
  precision: number | null;
  scale: number | null;
  type_length: number | null;
}

const UNSIGNED = /^UINT_/;
const isUtcTimestamp = (f: ParquetSchemaColumn) => /isAdjustedToUTC=(1|true)/i.test(f.logical_type ?? '');
const isTimestamp = (f: ParquetSchemaColumn) =>
  (f.type === 'INT64' && /^TIMESTAMP_(MICROS|MILLIS)$/.test(f.converted_type ?? '')) || /^TimestampType/.test(f.logical_type ?? '');
const isString = (f: ParquetSchemaColumn) => f.type === 'BYTE_ARRAY' && (f.converted_type === 'UTF8' || /^StringType/.test(f.logical_type ?? ''));
const plainInteger = (f: ParquetSchemaColumn, physical: string, widths: string[]) =>
  f.type === physical && !UNSIGNED.test(f.converted_type ?? '') && (f.converted_type === null || widths.includes(f.converted_type));

/** Whether Redshift (Spectrum) loads file column `f` into a column of base type `base` with `args`. */
function accepts(base: string, args: number[], f: ParquetSchemaColumn): boolean {
  switch (base) {
    case 'smallint':
    case 'integer':
      return plainInteger(f, 'INT32', ['INT_8', 'INT_16', 'INT_32']);
    case 'bigint':
      return plainInteger(f, 'INT64', ['INT_64']);
    case 'numeric':
      return f.converted_type === 'DECIMAL' && f.precision === args[0] && (f.scale ?? 0) === (args[1] ?? 0);
    case 'real':
      return f.type === 'FLOAT';
    case 'double precision':
      return f.type === 'DOUBLE';
    case 'boolean':
      return f.type === 'BOOLEAN';
    case 'date':
      return f.type === 'INT32' && f.converted_type === 'DATE';
    case 'timestamp':
      return (isTimestamp(f) && !isUtcTimestamp(f)) || f.type === 'INT96';
    case 'timestamptz':
      return isTimestamp(f) && isUtcTimestamp(f);
    case 'varchar':
    case 'char':
    case 'super':
      return isString(f);
    case 'varbyte':
      return (f.type === 'BYTE_ARRAY' || f.type === 'FIXED_LEN_BYTE_ARRAY') && !isString(f) && f.converted_type !== 'DECIMAL';
    default:
      return false;
  }
}

/**
 * Whether Redshift's `COPY … FORMAT AS PARQUET` (read by Redshift Spectrum)
 * loads file column `file` into a table column of `redshiftType` (any
 * spelling parseSqlType reads). Undefined when it does; otherwise a message
 * in Spectrum's kind. Conservative: a pairing AWS does not document as
 * accepted is refused.
 */
export function redshiftParquetMismatch(redshiftType: string, file: ParquetSchemaColumn): string | undefined {
  const { base, args } = parseSqlType(redshiftType);
  if (accepts(base, args, file)) return undefined;
  const logical = file.logical_type ?? file.converted_type ?? '';
  const decimal = file.converted_type === 'DECIMAL' ? `(${file.precision},${file.scale ?? 0})` : '';
  return (
    `incompatible Parquet schema for column '${file.name}'. Column type: ${redshiftType.toUpperCase()}, ` +
    `Parquet schema: ${file.type ?? 'group'} ${logical}${decimal}`.trimEnd()
  );
}
