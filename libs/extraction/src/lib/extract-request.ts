import { TableLocation } from '@tidemark/object-store';

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
  /** Leave rows newer than now − lag for the next run (late-committing transactions). */
  lagSeconds?: number;
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
}

export interface ExtractResult {
  tableKey: string;
  runId: string;
  rows: number;
  files: number;
  bytes: number;
  manifestIds: string[];
  seconds: number;
  /** Where the next run starts. */
  cursor: { timestamp: string | null; primaryKey: string[] | null };
}

export interface ExtractSettingsLike {
  targetFileBytes: number;
  rowGroupRows: number;
  workDirectory: string;
}
