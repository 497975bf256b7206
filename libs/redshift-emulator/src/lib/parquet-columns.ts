import { DuckdbSession, duckdbString } from '@tidemark/parquet';
import { ParquetSchemaColumn, redshiftParquetMismatch } from '@tidemark/schema';
import { RedshiftError } from './redshift-error';

const number = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const text = (v: unknown) => (v === null || v === undefined ? null : String(v));

/** The file's leaf columns as `parquet_schema()` describes them (the root row left out). */
export async function readParquetSchema(duckdb: DuckdbSession, path: string): Promise<ParquetSchemaColumn[]> {
  const reader = await duckdb.connection.runAndReadAll(`SELECT * FROM parquet_schema(${duckdbString(path)})`);
  return reader
    .getRowObjects()
    .slice(1)
    .map((r) => ({
      name: String(r['name']),
      type: text(r['type']),
      converted_type: text(r['converted_type']),
      logical_type: text(r['logical_type']),
      precision: number(r['precision']),
      scale: number(r['scale']),
      type_length: number(r['type_length']),
    }));
}

/**
 * Spectrum's check before a Parquet COPY moves a row: the file has exactly
 * the table's number of columns, and each file column's physical and logical
 * type is one Redshift loads into the table column at its position.
 */
export function checkParquetColumns(file: string, table: { name: string; redshiftType: string }[], columns: ParquetSchemaColumn[]): void {
  if (columns.length !== table.length) {
    throw new RedshiftError(
      `Spectrum Scan Error. File '${file}': Unmatched number of columns between table and file. ` +
        `Table columns: ${table.length}, Data columns: ${columns.length}`,
    );
  }
  for (const [i, column] of table.entries()) {
    const mismatch = redshiftParquetMismatch(column.redshiftType, columns[i]);
    if (mismatch) {
      throw Object.assign(new RedshiftError(`Spectrum Scan Error. File '${file}' has an ${mismatch}`), { column: column.name, loadErrorCode: 15007 });
    }
  }
}
