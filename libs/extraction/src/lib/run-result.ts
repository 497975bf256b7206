import { Cursor, Manifest } from '@tidemark/watermark-model';
import { ExtractResult } from './extract-request';

/** An extract run's result while it runs (its duration is added at the end). */
export type RunResult = Omit<ExtractResult, 'seconds'>;

export function newRunResult(tableKey: string, runId: string, cursor: Cursor): RunResult {
  return {
    tableKey,
    runId,
    rows: 0,
    files: 0,
    bytes: 0,
    manifestIds: [],
    cursor,
    futureRows: 0,
    unstorableChanged: 0,
    warnings: [],
  };
}

/** Counts a committed manifest once, and moves the result's cursor to it. */
export function addManifest(result: RunResult, manifest: Manifest): void {
  result.rows += manifest.rowCount;
  result.files += manifest.files.length;
  result.bytes += manifest.byteCount;
  result.manifestIds.push(manifest.id);
  result.cursor = manifest.maxCursor;
}
