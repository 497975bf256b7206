/**
 * The most raw bytes one file buffers, whatever the compressed target. A
 * 40-column table buffering ~880 MB for a 128 MiB file ran DuckDB out of its
 * 96 MB memory limit while writing the file (tools/bench, 2M rows);
 * ~110 MB files wrote fine.
 */
export const MAX_RAW_FILE_BYTES = 64 * 1024 * 1024;

/**
 * When to roll to a new Parquet file so that files come out near the target
 * *compressed* size. Rows are counted in raw (uncompressed) bytes while they
 * are buffered; the compression ratio is learnt from each file written.
 * Files that compress well end sooner, at MAX_RAW_FILE_BYTES.
 */
export class FileSizeEstimator {
  /** Parquet with ZSTD typically keeps a quarter of the raw text or less. */
  private ratio = 0.25;

  constructor(
    private readonly targetBytes: number,
    private readonly maxRawBytes = MAX_RAW_FILE_BYTES,
  ) {}

  /** Raw bytes to buffer before writing the next file. */
  get rawLimit(): number {
    return Math.min(this.targetBytes / this.ratio, this.maxRawBytes);
  }

  /** The compressed size `rawBytes` of rows are expected to take. */
  compressedSize(rawBytes: number): number {
    return rawBytes * this.ratio;
  }

  learn(rawBytes: number, fileBytes: number): void {
    if (rawBytes <= 0 || fileBytes <= 0) return;
    this.ratio = Math.min(1, Math.max(0.01, fileBytes / rawBytes));
  }
}
