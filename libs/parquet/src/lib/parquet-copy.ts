import { stat } from 'node:fs/promises';
import { parquetTypeOf } from '@tidemark/schema';
import { ColumnSchema } from '@tidemark/watermark-model';
import { DuckdbSession, duckdbIdentifier, duckdbString } from './duckdb-session';
import { rowRanges } from './row-ranges';
import { ValueRules } from './value-rules';

export const DEFAULT_ROW_GROUP_ROWS = 122_880;

/** What both file writers take besides their session and columns. */
export interface FileWriterOptions {
  rowGroupRows?: number;
  /** Text limits, unstorable text and boolean checks; default: none but zero dates to NULL. */
  rules?: ValueRules;
  /** The DuckDB type each column is written as (the destination's; default parquetTypeOf, exact for PostgreSQL). */
  fileTypes?: string[];
}

export function checkedFileTypes(columns: ColumnSchema[], fileTypes?: string[]): string[] {
  if (fileTypes && fileTypes.length !== columns.length)
    throw new Error(`${fileTypes.length} file types for ${columns.length} columns`);
  return fileTypes ?? columns.map(parquetTypeOf);
}

/** A BIGINT column written after the source columns, the same value in every row (the manifest's load order). */
export interface ConstantColumn {
  name: string;
  /** A signed BIGINT in decimal digits. */
  value: string;
}

export interface WrittenFile {
  path: string;
  rows: number;
  bytes: number;
}

/**
 * Raw bytes of one row group, at most (see rowGroupSize). 4 MiB, not 16: the
 * loader decodes a file while the next one is extracted (ADR 0036), and the
 * `wide` full sync peaked 60–100 MiB lower with it (ADR 0046).
 */
const ROW_GROUP_BYTES = 4 * 1024 * 1024;
const MIN_ROW_GROUP_ROWS = 2048;

/**
 * The staged column as the file's type. Text staged for a TIMESTAMPTZ is the
 * source's UTC wall time (the MySQL session runs at +00:00): it is read as
 * UTC whatever DuckDB's own time zone is.
 */
function fileColumn(staged: string, name: string, stagingType: string, fileType: string): string {
  const as = duckdbIdentifier(name);
  if (fileType === stagingType) return staged === as ? as : `${staged} AS ${as}`;
  if (fileType === 'TIMESTAMPTZ' && stagingType === 'VARCHAR')
    return `CAST(${staged} || '+00' AS TIMESTAMPTZ) AS ${as}`;
  return `CAST(${staged} AS ${fileType}) AS ${as}`;
}

const BIGINT_TEXT = /^-?\d{1,19}$/;

function bigintLiteral(value: string): string {
  if (!BIGINT_TEXT.test(value) || BigInt(value) > 2n ** 63n - 1n || BigInt(value) < -(2n ** 63n)) {
    throw new Error(`${JSON.stringify(value)} is not a BIGINT`);
  }
  return `CAST(${value} AS BIGINT)`;
}

/** How the staged columns become the file's: names, types and the constant last column. */
export interface FileColumns {
  /** The expression that reads each staged column. */
  staged: string[];
  names: string[];
  stagingTypes: string[];
  fileTypes: string[];
}

export function fileSelect(c: FileColumns, last?: ConstantColumn): string {
  const columns = c.names.map((name, i) => fileColumn(c.staged[i], name, c.stagingTypes[i], c.fileTypes[i]));
  if (last) columns.push(`${bigintLiteral(last.value)} AS ${duckdbIdentifier(last.name)}`);
  return columns.join(', ');
}

/**
 * Rows per row group: the configured count, fewer for wide rows. DuckDB
 * holds a row group in memory while it encodes it, so a 40-column table
 * with the count tuned for narrow ones peaked ~100 MB higher (tools/bench).
 */
export function rowGroupSize(configured: number, rows: number, bytes: number): number {
  const rowBytes = rows === 0 ? 0 : bytes / rows;
  if (rowBytes === 0) return configured;
  return Math.max(MIN_ROW_GROUP_ROWS, Math.min(configured, Math.floor(ROW_GROUP_BYTES / rowBytes)));
}

export const parquetOptions = (rowGroupRows: number) =>
  `(FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${rowGroupRows})`;

/**
 * Writes `select` over the staged rows, in order, as one file per path with
 * row counts that differ by at most one. Each file is one COPY of a rowid
 * range of `table`, a table whose rows are numbered 0..n-1 in append order:
 * DuckDB skips the other rows' storage, so N files cost about what one does.
 */
export async function copyRanges(
  session: DuckdbSession,
  table: string,
  select: string,
  rows: number,
  paths: string[],
  options: string,
): Promise<WrittenFile[]> {
  const ranges = rowRanges(rows, paths.length);
  const written: WrittenFile[] = [];
  for (const [i, path] of paths.entries()) {
    const { start, end } = ranges[i];
    const where = paths.length === 1 ? '' : ` WHERE rowid >= ${start} AND rowid < ${end}`;
    await session.run(`COPY (SELECT ${select} FROM ${table}${where}) TO ${duckdbString(path)} ${options}`);
    written.push({ path, rows: end - start, bytes: (await stat(path)).size });
  }
  return written;
}
