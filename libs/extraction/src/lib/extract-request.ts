import { TableLocation } from '@tidemark/object-store';
import { BoundQuery } from '@tidemark/cdc';
import { NonBooleanMode, UnstorableTextMode } from '@tidemark/parquet';
import { ColumnSchema, Cursor } from '@tidemark/watermark-model';

export interface ExtractRequest {
  pipeline: string;
  /** The watermark's table key, e.g. `shop.orders`. */
  tableKey: string;
  location: TableLocation;
  /** hybrid (default), timestamp_only, id_only, full_sync or custom. */
  strategy?: string;
  /** A WHERE fragment added to every query (required by custom). */
  filter?: string;
  cursorColumn: string;
  /** Key columns to page and merge by, instead of the PRIMARY KEY. */
  keyColumns?: string[];
  batchSize: number;
  /** Leave rows newer than the safe ceiling − lag for a later run (docs/extraction.md, "The ceiling"). */
  lagSeconds?: number;
  /** The lag used instead of the open-transaction check when the source user cannot see transactions; default 60. */
  fallbackLagSeconds?: number;
  /** Read rows dated after the source's clock on every run (merge targets); false: leave them until their time (append). */
  deliverFutureRows?: boolean;
  /** Re-read this window behind the cursor; harmless, the loader merges on the key. */
  lookbackSeconds?: number;
  /** Zone the source writes DATETIME values in (UTC or a fixed offset); the watermark stays in UTC. */
  sourceTimezone?: string;
  /** Aborting stops the run between rows; the file in progress is dropped, not committed. */
  signal?: AbortSignal;
  /** Stop after this many rows (extraction only; loading is never limited). */
  limitRows?: number;
  /** Stop after this many keyset pages. */
  maxChunks?: number;
  /** Text the warehouse cannot hold (Redshift VARCHAR bytes): fail naming the row, or cut to fit. */
  textLimit?: TextLimitRule;
  /**
   * The warehouse's destination capability: the DuckDB type each column is
   * written as, so the file's Parquet type is the one that warehouse loads
   * (Redshift: redshiftFileTypeOf). Default: parquetTypeOf, the exact type
   * of the MySQL column, which the PostgreSQL stager decodes.
   */
  fileTypeOf?: (column: ColumnSchema) => string;
  /** Text the warehouse cannot store (NUL): fail naming the row (default), replace with U+FFFD, or strip. */
  unstorableText?: UnstorableTextMode;
  /** TINYINT(1): SMALLINT (default, lossless) or BOOLEAN, whose values other than 0/1 then fail (or load NULL). */
  tinyint1?: 'smallint' | 'boolean';
  /**
   * Source columns whose warehouse column is already BOOLEAN: TINYINT(1) ones
   * stay BOOLEAN. Asked only when the table has a TINYINT(1) column that
   * `tinyint1` leaves SMALLINT; `warning` when the warehouse could not say.
   */
  booleanColumns?: () => Promise<BooleanColumns>;
  /** A BOOLEAN TINYINT(1) value other than 0/1: fail naming the row (default), or load NULL and report the key. */
  nonBooleanValues?: NonBooleanMode;
}

export interface BooleanColumns {
  names: string[];
  warning?: string;
}

export interface TextLimitRule {
  /** The most UTF-8 bytes a column's value may have, or null for no limit. */
  bytesOf: (column: ColumnSchema) => number | null;
  mode: 'fail' | 'truncate';
}

export interface ExtractResult {
  tableKey: string;
  runId: string;
  rows: number;
  files: number;
  bytes: number;
  manifestIds: string[];
  seconds: number;
  /** Text values `unstorableText: replace|strip` changed (NUL characters) in this run. */
  unstorableChanged?: number;
  /** Where the next run starts. */
  cursor: Cursor;
  /** Rows dated after the source's clock: delivered (or, append mode, left) without moving the cursor. */
  futureRows: number;
  /** What the user should know about this run, each said once per process. */
  warnings: string[];
}

/** What a run would read (`sync --dry-run`). */
export interface ExtractPreview {
  tableKey: string;
  strategy: string;
  /** The watermark's cursor (or the default start for a new table). */
  storedCursor: Cursor;
  /** Where reading starts: the cursor, moved back by lookbackSeconds, in the source's zone. */
  startsAfter: Cursor;
  /** The newest cursor (or key) this run would read up to; null when the strategy has no ceiling. */
  ceiling: string | null;
  /** Another connection's open write that holds the ceiling back: whose, and for how long. */
  ceilingHeldBy?: string;
  /** True when nothing is at or below the ceiling. */
  nothingToRead: boolean;
  /** The first keyset page's SQL with its bound values. */
  firstPage: BoundQuery;
}

export interface ExtractSettingsLike {
  /** About how many compressed bytes one flush writes: one file, or `slices` files of a share each. */
  targetFileBytes: number;
  rowGroupRows: number;
  workDirectory: string;
  /** Redshift slices: a flush of enough data is written as a multiple of this many files (default 1: one file). */
  slices?: number;
}
