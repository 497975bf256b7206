import { badInput } from '@tidemark/errors';
import { isLoadOrderValue } from './load-order';
import { Manifest, ManifestFile, ManifestLoadOrder } from './manifest';
import { TableId } from './watermark-port';

const SHA256 = /^[0-9a-f]{64}$/;

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

/**
 * An object key that cannot climb out of its prefix: `/`-separated with no
 * `.` or `..` segment, no backslash or control character. A manifest whose
 * keys do was not written by an extractor. (Empty segments, from a prefix
 * ending in `/`, are legal S3 keys and stay allowed.)
 */
export function isSafeObjectKey(key: unknown): key is string {
  if (typeof key !== 'string' || key.length === 0 || key.length > 1024) return false;
  if (key.includes('\\') || /\p{Cc}/u.test(key)) return false;
  return key.split('/').every((part) => part !== '.' && part !== '..');
}

function fileProblem(file: ManifestFile, i: number): string | null {
  if (typeof file !== 'object' || file === null) return `files[${i}] is not an object`;
  if (!isSafeObjectKey(file.key))
    return `files[${i}].key ${JSON.stringify(file.key)} is not an object key inside the store`;
  if (typeof file.sha256 !== 'string' || !SHA256.test(file.sha256))
    return `files[${i}].sha256 must be 64 lower-case hex digits`;
  if (!isCount(file.rows) || !isCount(file.bytes)) return `files[${i}] rows and bytes must be whole numbers from 0`;
  return null;
}

/** Why a manifest's load order cannot be what its files carry, or null. */
function loadOrderProblem(loadOrder: ManifestLoadOrder, columns: { name: string }[]): string | null {
  if (typeof loadOrder !== 'object' || loadOrder === null) return 'loadOrder is not an object';
  const { column, value } = loadOrder;
  if (typeof column !== 'string' || column.length === 0 || column.length > 128) {
    return 'loadOrder.column must be a column name of 1 to 128 characters';
  }
  if (Array.isArray(columns) && columns.some((c) => c?.name?.toLowerCase() === column.toLowerCase())) {
    return `loadOrder.column ${JSON.stringify(column)} is also a source column`;
  }
  if (!isLoadOrderValue(value)) {
    return `loadOrder.value ${JSON.stringify(value)} must be a positive BIGINT written in decimal digits`;
  }
  return null;
}

/** Refuses a manifest whose parts disagree: counts must add up, ids must match, keys stay inside the store. */
export function checkManifest(manifest: Manifest, id: TableId): void {
  const problem = (what: string) => badInput(`manifest ${manifest.id} is inconsistent: ${what}`);
  if (manifest.pipeline !== id.pipeline || manifest.table !== id.table) {
    throw problem(`it belongs to ${manifest.pipeline}/${manifest.table}, not ${id.pipeline}/${id.table}`);
  }
  if (!Array.isArray(manifest.files)) throw problem('files is not a list');
  manifest.files.forEach((file, i) => {
    const why = fileProblem(file, i);
    if (why) throw problem(why);
  });
  if (manifest.loadOrder !== undefined) {
    const why = loadOrderProblem(manifest.loadOrder, manifest.columns ?? []);
    if (why) throw problem(why);
  }
  if (!isCount(manifest.rowCount) || !isCount(manifest.byteCount))
    throw problem('rowCount and byteCount must be whole numbers from 0');
  const rows = manifest.files.reduce((n, f) => n + f.rows, 0);
  if (rows !== manifest.rowCount) throw problem(`rowCount ${manifest.rowCount} but its files hold ${rows} rows`);
  const bytes = manifest.files.reduce((n, f) => n + f.bytes, 0);
  if (bytes !== manifest.byteCount) throw problem(`byteCount ${manifest.byteCount} but its files hold ${bytes} bytes`);
  const { minCursor: lo, maxCursor: hi } = manifest;
  if (!lo || !hi) throw problem('minCursor and maxCursor are required');
  if (lo.timestamp !== null && hi.timestamp !== null && lo.timestamp > hi.timestamp) {
    throw problem(`minCursor ${lo.timestamp} is after maxCursor ${hi.timestamp}`);
  }
}
