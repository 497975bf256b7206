import { LoadResult } from '@tidemark/loading';
import { Manifest } from '@tidemark/watermark-model';

/**
 * Why a load that returned normally must still not count as a success, or
 * undefined. The loader checks each file's rows as it copies it; this checks
 * the whole from outside: the rows staged must be the rows the loaded
 * manifests list, and no manifest pending before the load may still be
 * pending after it.
 */
export function loadCheckProblem(
  pendingBefore: Manifest[],
  pendingAfter: Manifest[],
  load: LoadResult,
): string | undefined {
  if (load.rowsStaged !== load.rowsExpected) {
    return `the load staged ${load.rowsStaged} rows but its ${load.manifestsLoaded} manifest(s) list ${load.rowsExpected}`;
  }
  const stillPending = new Set(pendingAfter.map((m) => m.id));
  const left = pendingBefore.filter((m) => stillPending.has(m.id));
  if (left.length > 0) {
    return `the load returned but ${left.length} manifest(s) pending before it are still pending: ${left.map((m) => m.id).join(', ')}`;
  }
  return undefined;
}
