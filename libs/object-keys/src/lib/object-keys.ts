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

/**
 * Characters a key keeps as they are: AWS's "safe characters" for object
 * keys, less `'`, `*`, `(` and `)`, which a COPY statement or a shell would
 * have to quote. `!` is the escape (below), and `/` separates segments.
 */
const PLAIN = /^[A-Za-z0-9_.-]$/;
export const PREFIX_CHARACTERS = /^[A-Za-z0-9_.!/-]*$/;

/**
 * A name as one key segment: every UTF-8 byte of a character outside PLAIN
 * written `!` + two hex digits (`price$` → `price!24`, `café` → `caf!c3!a9`),
 * so every name MySQL allows gives a key Redshift COPY and Spectrum accept.
 * Distinct names give distinct segments; a name of dots only is escaped whole
 * (a `.` or `..` segment would climb out of its folder).
 */
export function keySegment(name: string): string {
  const allDots = /^\.+$/.test(name);
  let out = '';
  for (const ch of name) {
    if (PLAIN.test(ch) && !allDots) out += ch;
    else for (const byte of Buffer.from(ch, 'utf8')) out += `!${byte.toString(16).padStart(2, '0')}`;
  }
  return out;
}

export function tablePrefix(l: TableLocation): string {
  const names = [l.pipeline, l.connection, l.schema, l.table].map(keySegment);
  return [l.prefix, ...names].filter((p) => p !== '').join('/');
}

/** S3's limit on a key, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 1024;
/** The longest tail a table's keys add: `/yyyy/mm/dd/` + a manifest id + `.copy-manifest.json`, with room to spare. */
const KEY_TAIL_BYTES = 80;

/**
 * Why the table's keys cannot be written (too long for S3 once names are
 * escaped), or undefined. Checked by config validation and before an
 * extraction writes anything.
 */
export function tablePrefixProblem(l: TableLocation): string | undefined {
  const bytes = Buffer.byteLength(tablePrefix(l));
  if (bytes + KEY_TAIL_BYTES <= MAX_KEY_BYTES) return undefined;
  return (
    `its object keys would be ${bytes + KEY_TAIL_BYTES} bytes long (prefix, pipeline, connection, schema and table, ` +
    `with every character outside A-Z a-z 0-9 _ . - written as !xx per UTF-8 byte), over S3's ${MAX_KEY_BYTES}: ` +
    'use a shorter objectStore.prefix or pipeline name'
  );
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
