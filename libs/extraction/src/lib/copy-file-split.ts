/**
 * How many Parquet files one flush is written as, so that Redshift's COPY
 * loads a manifest on every slice at once (docs/decisions/0007-redshift-slices.md).
 *
 * Redshift gives each slice whole files and does not weigh them by size, so
 * a manifest's files should be a multiple of the slices, of about equal size,
 * 1 MB to 1 GB compressed each. The flush's size target is kept (the manifest
 * stays about `targetFileBytes`), so each file is about target / slices.
 */

/** Below this compressed size per file, splitting costs more than it gains. */
export const MIN_COPY_FILE_BYTES = 1024 * 1024;
/** Above this, each slice gets more files (Redshift's recommended range ends at 1 GB). */
export const MAX_COPY_FILE_BYTES = 1024 * 1024 * 1024;

export interface FlushSize {
  rows: number;
  /** The flush's expected compressed size (buffered raw bytes × the learnt ratio). */
  compressedBytes: number;
  /** The cluster's slices; 1 (PostgreSQL, or a one-slice cluster) keeps one file per flush. */
  slices: number;
}

/**
 * One file when there is nothing to spread (one slice), when some slice
 * would get no row, or when the files would be under MIN_COPY_FILE_BYTES;
 * otherwise the smallest multiple of the slices whose files stay within
 * MAX_COPY_FILE_BYTES, with at least one row each.
 */
export function filesPerFlush({ rows, compressedBytes, slices }: FlushSize): number {
  if (slices <= 1 || rows < slices || compressedBytes < slices * MIN_COPY_FILE_BYTES) return 1;
  const rounds = Math.ceil(compressedBytes / (slices * MAX_COPY_FILE_BYTES));
  return slices * Math.max(1, Math.min(rounds, Math.floor(rows / slices)));
}
