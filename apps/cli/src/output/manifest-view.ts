import { ManifestSummary } from '@tidemark/watermark-model';
import { formatColumns, formatCount } from './format';

/** What a manifest's NOTE column says: why it was skipped, or the load error that names it; and whether s3clean took its files. */
function noteOf(m: ManifestSummary): string {
  const cleaned = m.filesDeletedAt ? [`files cleaned at ${m.filesDeletedAt}`] : [];
  if (m.skip) return [`skipped by ${m.skip.by} at ${m.skip.at}: ${m.skip.reason}`, ...cleaned].join('; ');
  return [...(m.lastError ? [`last error: ${m.lastError}`] : []), ...cleaned].join('; ');
}

/** ID / STATE / ROWS / FILES / CREATED / NOTE, oldest first. */
export function describeManifestTable(manifests: ManifestSummary[]): string {
  if (manifests.length === 0) return 'No manifests registered.';
  return formatColumns(
    ['ID', 'STATE', 'ROWS', 'FILES', 'CREATED', 'NOTE'],
    manifests.map((m) => [m.id, m.status, formatCount(m.rows), String(m.files), m.createdAt, noteOf(m)]),
  );
}

export function describeSkip(m: ManifestSummary, table: string): string {
  return (
    `manifest ${m.id} of ${table} skipped (${formatCount(m.rows)} rows): loads pass it by; ` +
    '`tidemark manifest retry` puts it back'
  );
}

export function describeRetry(m: ManifestSummary, table: string): string {
  return `manifest ${m.id} of ${table} is pending again (${formatCount(m.rows)} rows): the next load loads it`;
}
