/**
 * `<prefix>/<pipeline>/<connection>/<schema>/<table>/<yyyy>/<mm>/<dd>/<run id>-<seq>.parquet`
 * and the manifest beside its files. The date is the run's start (UTC).
 */
export interface TableLocation {
  prefix: string;
  pipeline: string;
  connection: string;
  schema: string;
  table: string;
}

export function tablePrefix(l: TableLocation): string {
  return [l.prefix, l.pipeline, l.connection, l.schema, l.table].filter((p) => p !== '').join('/');
}

const KEY_LAYOUT = '<prefix>/<pipeline>/<connection>/<schema>/<table>/<yyyy>/<mm>/<dd>/<file>';

/** The table prefix a data file or manifest key sits under: the key without its `/<yyyy>/<mm>/<dd>/<file>` tail. */
export function tablePrefixOfKey(key: string): string {
  const parts = key.split('/');
  if (parts.length < 8) throw new Error(`"${key}" is not a data file or manifest key of the form ${KEY_LAYOUT}`);
  return parts.slice(0, -4).join('/');
}

function dayPath(startedAt: Date): string {
  const iso = startedAt.toISOString();
  return `${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)}`;
}

export function dataFileKey(l: TableLocation, startedAt: Date, runId: string, seq: number): string {
  return `${tablePrefix(l)}/${dayPath(startedAt)}/${runId}-${String(seq).padStart(5, '0')}.parquet`;
}

/** A manifest's own JSON is `<id>.manifest.json`; the Redshift COPY manifest written at load time is `<id>.copy-manifest.json`. */
export const MANIFEST_SUFFIX = '.manifest.json';
export const COPY_MANIFEST_SUFFIX = '.copy-manifest.json';

export function manifestKey(l: TableLocation, startedAt: Date, manifestId: string): string {
  return `${tablePrefix(l)}/${dayPath(startedAt)}/${manifestId}${MANIFEST_SUFFIX}`;
}
