import { badInput } from '@tidemark/errors';
import { Manifest } from './manifest';
import { TableId } from './watermark-port';

/** Refuses a manifest whose parts disagree: counts must add up, ids must match. */
export function checkManifest(manifest: Manifest, id: TableId): void {
  const problem = (what: string) => badInput(`manifest ${manifest.id} is inconsistent: ${what}`);
  if (manifest.pipeline !== id.pipeline || manifest.table !== id.table) {
    throw problem(`it belongs to ${manifest.pipeline}/${manifest.table}, not ${id.pipeline}/${id.table}`);
  }
  const rows = manifest.files.reduce((n, f) => n + f.rows, 0);
  if (rows !== manifest.rowCount) throw problem(`rowCount ${manifest.rowCount} but its files hold ${rows} rows`);
  const bytes = manifest.files.reduce((n, f) => n + f.bytes, 0);
  if (bytes !== manifest.byteCount) throw problem(`byteCount ${manifest.byteCount} but its files hold ${bytes} bytes`);
  const { minCursor: lo, maxCursor: hi } = manifest;
  if (lo.timestamp !== null && hi.timestamp !== null && lo.timestamp > hi.timestamp) {
    throw problem(`minCursor ${lo.timestamp} is after maxCursor ${hi.timestamp}`);
  }
}
