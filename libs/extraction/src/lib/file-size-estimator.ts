/**
 * When to roll to a new Parquet file so that files come out near the target
 * *compressed* size. Rows are counted in raw (uncompressed) bytes while they
 * are buffered; the compression ratio is learnt from each file written.
 */
export class FileSizeEstimator {
  /** Parquet with ZSTD typically keeps a quarter of the raw text or less. */
  private ratio = 0.25;

  constructor(private readonly targetBytes: number) {}

  /** Raw bytes to buffer before writing the next file. */
  get rawLimit(): number {
    return this.targetBytes / this.ratio;
  }

  learn(rawBytes: number, fileBytes: number): void {
    if (rawBytes <= 0 || fileBytes <= 0) return;
    this.ratio = Math.min(1, Math.max(0.01, fileBytes / rawBytes));
  }
}
