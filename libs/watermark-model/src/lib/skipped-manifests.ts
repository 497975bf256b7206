/** How many manifests of a table are set aside (`tidemark manifest skip`), and their rows: kept in the watermark's metadata. */
export interface SkippedManifests {
  skippedManifests: number;
  skippedRows: number;
}

export function skippedManifestsOf(metadata: Record<string, unknown>): SkippedManifests {
  const count = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? v : 0);
  return { skippedManifests: count(metadata['skippedManifests']), skippedRows: count(metadata['skippedRows']) };
}

/** `metadata` with `manifests` and `rows` added to the skipped counts (negative when a skip is retried). */
export function withSkipped(metadata: Record<string, unknown>, manifests: number, rows: number): Record<string, unknown> {
  const now = skippedManifestsOf(metadata);
  return { ...metadata, skippedManifests: now.skippedManifests + manifests, skippedRows: now.skippedRows + rows };
}
