import { badInput, isTidemarkError } from '@tidemark/errors';
import { readBinlogCursor } from './binlog-cursor';
import { Cursor } from './cursor';
import { parseUserTimestamp } from './cursor-timestamp';
import { readKeyScanCursor } from './key-scan-cursor';
import { formatTableKey, parsePipelineName, parseTableKey } from './table-key';
import { StageStatus } from './watermark';
import { ImportedWatermark } from './watermark-import';

export type WatermarkSource = 'python-v1' | 'python-v2' | 'python-last-run' | 'tidemark-export';

export interface ReadWatermarkOptions {
  /**
   * Pipeline the old tool's table belongs to (default `default`). A Tidemark
   * export names its own: given, it keeps only that pipeline's entries.
   */
  pipeline?: string;
  /** Overrides the document's table name; for an export, selects that table's entry. */
  table?: string;
  /** The table when the old tool's document names none (taken from its file name). */
  fallbackTable?: string;
}

type Json = Record<string, unknown>;
type Slot =
  | 'table'
  | 'timestamp'
  | 'primaryKey'
  | 'extractStatus'
  | 'rowsExtracted'
  | 'filesCreated'
  | 'lastExtractAt'
  | 'strategy'
  | 'loadStatus'
  | 'rowsLoaded'
  | 'lastLoadAt'
  | 'backupStrategy'
  | 'manualOverride'
  | 'files'
  | 'error';

/** Where each value lives in a format: the first path holding a value wins; `files` merges all. */
const LAYOUTS: Record<WatermarkSource, Record<Slot, string[]>> = {
  'python-v1': {
    table: ['table_name'],
    timestamp: ['last_mysql_data_timestamp'],
    primaryKey: ['last_processed_id'],
    extractStatus: ['mysql_status'],
    rowsExtracted: ['mysql_rows_extracted'],
    filesCreated: ['s3_file_count'],
    lastExtractAt: ['last_mysql_extraction_time'],
    strategy: ['cdc_strategy', 'backup_strategy'],
    loadStatus: ['redshift_status'],
    rowsLoaded: ['redshift_rows_loaded'],
    lastLoadAt: ['last_redshift_load_time'],
    backupStrategy: ['backup_strategy'],
    manualOverride: ['metadata.manual_override'],
    files: ['processed_s3_files', 'backup_s3_files'],
    error: ['last_error'],
  },
  'python-v2': {
    table: ['table_name'],
    timestamp: ['mysql_state.last_timestamp', 'last_mysql_data_timestamp'],
    primaryKey: ['mysql_state.last_id', 'last_processed_id'],
    extractStatus: ['mysql_state.status'],
    rowsExtracted: ['mysql_state.total_rows'],
    filesCreated: ['mysql_state.s3_files_created'],
    lastExtractAt: ['mysql_state.last_updated'],
    strategy: ['cdc_strategy'],
    loadStatus: ['redshift_state.status'],
    rowsLoaded: ['redshift_state.total_rows', 'redshift_state.rows_loaded'],
    lastLoadAt: ['redshift_state.last_updated'],
    backupStrategy: ['backup_strategy'],
    manualOverride: ['metadata.manual_override'],
    files: [
      'processed_files',
      's3_state.processed_s3_files',
      's3_state.backup_s3_files',
      'redshift_state.last_loaded_files',
    ],
    error: ['mysql_state.error', 'redshift_state.error'],
  },
  'python-last-run': {
    table: [],
    timestamp: ['last_run_timestamp'],
    primaryKey: [],
    extractStatus: [],
    rowsExtracted: [],
    filesCreated: [],
    lastExtractAt: [],
    strategy: [],
    loadStatus: [],
    rowsLoaded: [],
    lastLoadAt: [],
    backupStrategy: [],
    manualOverride: [],
    files: [],
    error: [],
  },
  'tidemark-export': {
    table: ['table'],
    timestamp: ['extract.cursor.timestamp'],
    primaryKey: ['extract.cursor.primaryKey'],
    extractStatus: ['extract.status'],
    rowsExtracted: ['extract.rowsExtracted'],
    filesCreated: ['extract.filesCreated'],
    lastExtractAt: ['extract.lastRunAt'],
    strategy: ['extract.strategy'],
    loadStatus: ['load.status'],
    rowsLoaded: ['load.rowsLoaded'],
    lastLoadAt: ['load.lastRunAt'],
    backupStrategy: ['backupStrategy'],
    manualOverride: [],
    files: [],
    error: ['extract.lastError', 'load.lastError'],
  },
};

const STATUSES: readonly StageStatus[] = ['pending', 'in_progress', 'success', 'failed'];
const STRATEGIES = ['hybrid', 'timestamp_only', 'id_only', 'full_sync', 'custom_sql', 'binlog'];
/** The old tool sometimes wrote Python's None as text. */
const NO_VALUE = ['', 'none', 'null'];

/**
 * Reads one watermark document: a Tidemark export (one result per entry, each
 * with its own pipeline) or one table's JSON file from the old Python tool,
 * v2 (`version` "2…" or a `mysql_state`) or v1 (flat `mysql_*`/`redshift_*`).
 *
 * Rules:
 * - table: `options.table`, else the document's `table_name`, else
 *   `options.fallbackTable` (the CLI passes the file name's); stored in
 *   canonical `[CONN:]schema.table` form. For an export, `options.table`
 *   keeps only that table's entry and `options.pipeline` that pipeline's.
 * - the old tool's `last_run_timestamp.txt` arrives as
 *   `{ last_run_timestamp: text }`: a cursor timestamp and nothing else.
 * - cursor: timestamps go through parseUserTimestamp (no offset = UTC); a
 *   missing value or the text 'None', 'null' or '' means none. An id is kept
 *   as a string; a JSON number beyond 2^53 is refused because JSON.parse has
 *   already rounded it, so such ids must arrive as strings.
 * - counts are absolute non-negative integers (missing = 0). filesCreated is
 *   an explicit positive count, else the number of distinct recorded files
 *   (the old tool wrote 0 there).
 * - unknown statuses become 'pending'; the CDC strategy is `cdc_strategy`
 *   (v1: else `backup_strategy` when it names a strategy), unknown: 'hybrid'; backupStrategy defaults to 'sequential' and is 'manual_cli'
 *   when `metadata.manual_override` is true. Run times become ISO UTC.
 * - metadata: `{ source, processedFiles (sorted, distinct), lastError? }`;
 *   lastError is the extraction error, else the load error.
 * - anything else, and any value of the wrong type, is BAD_INPUT naming the field.
 */
export function readWatermarkDocument(doc: unknown, options: ReadWatermarkOptions): ImportedWatermark[] {
  if (!isObject(doc)) throw badInput(`not a watermark document: expected a JSON object, got ${show(doc)}`);
  const source = detectSource(doc);
  if (source === 'tidemark-export') return readExport(doc, options);
  return [readEntry(doc, source, options.pipeline ?? 'default', options.table, options.fallbackTable)];
}

function detectSource(doc: Json): WatermarkSource {
  if (doc['format'] === 'tidemark-watermarks') return 'tidemark-export';
  if ('last_run_timestamp' in doc) return 'python-last-run';
  if (String(doc['version'] ?? '').startsWith('2') || 'mysql_state' in doc) return 'python-v2';
  if (Object.keys(doc).some((key) => /^(last_mysql_|mysql_|redshift_)/.test(key))) return 'python-v1';
  throw badInput(
    'not a watermark document: no Tidemark export header, no mysql_state and no mysql_*/redshift_* fields',
  );
}

function readExport(doc: Json, { pipeline, table }: ReadWatermarkOptions): ImportedWatermark[] {
  if (doc['version'] !== 1) throw badInput(`tidemark export version must be 1, got ${show(doc['version'])}`);
  const entries = doc['watermarks'];
  if (!Array.isArray(entries)) throw badInput(`watermarks must be a list, got ${show(entries)}`);
  const all = entries.map((entry, i) =>
    within(`watermarks[${i}]`, () => {
      if (!isObject(entry)) throw badInput(`expected an object, got ${show(entry)}`);
      return readEntry(entry, 'tidemark-export', text(lookup(entry, 'pipeline')) ?? '');
    }),
  );
  const ofPipeline = pipeline === undefined ? all : all.filter((w) => w.pipeline === parsePipelineName(pipeline));
  if (pipeline !== undefined && ofPipeline.length === 0)
    throw badInput(`the tidemark export has no watermark of pipeline "${pipeline}"`);
  if (table === undefined) return ofPipeline;
  const wanted = canonicalTable(table);
  const found = ofPipeline.filter((w) => w.table === wanted);
  if (found.length === 0)
    throw badInput(
      `the tidemark export has no watermark for table "${wanted}"${pipeline === undefined ? '' : ` in pipeline "${pipeline}"`}`,
    );
  return found;
}

function readEntry(
  doc: Json,
  source: WatermarkSource,
  pipeline: string,
  tableOverride?: string,
  fallbackTable?: string,
): ImportedWatermark {
  const layout = LAYOUTS[source];
  const get = (slot: Slot) => first(doc, layout[slot]);
  const table = tableOverride ?? text(get('table')) ?? fallbackTable ?? null;
  if (table === null) {
    throw badInput(
      layout.table.length === 0
        ? 'a last_run_timestamp file names no table: give the table with -t'
        : `no table name: ${layout.table[0]} is missing and the file name is no table key: give the table with -t`,
    );
  }
  const files = fileList(doc, layout.files);
  const explicitFiles = count(get('filesCreated'));
  const strategy = text(get('strategy'));
  const lastError = text(get('error'));
  return {
    pipeline: parsePipelineName(pipeline),
    table: canonicalTable(table),
    cursor: {
      timestamp: timestamp(get('timestamp')),
      primaryKey: primaryKey(get('primaryKey')),
      ...ownCursorParts(doc, source),
    },
    extractStatus: status(get('extractStatus')),
    rowsExtracted: count(get('rowsExtracted')),
    filesCreated: explicitFiles > 0 ? explicitFiles : files.length,
    lastExtractAt: runTime(get('lastExtractAt')),
    strategy: STRATEGIES.find((s) => s === strategy) ?? 'hybrid',
    loadStatus: status(get('loadStatus')),
    rowsLoaded: count(get('rowsLoaded')),
    lastLoadAt: runTime(get('lastLoadAt')),
    backupStrategy: backupStrategy(get('manualOverride').value === true ? 'manual_cli' : text(get('backupStrategy'))),
    metadata: ownMetadata(doc, source) ?? { source, processedFiles: files, ...(lastError ? { lastError } : {}) },
  };
}

function backupStrategy(value: string | null): string {
  if (!value) return 'sequential';
  if (!/^[a-z_]{1,32}$/.test(value))
    throw badInput(`backup_strategy must be a name of at most 32 letters or _, got ${show(value)}`);
  return value;
}

/**
 * An export carries a binlog table's position (ADR 0041) and the key scan of
 * a first run read in key order (ADR 0050); the old tool had neither.
 */
function ownCursorParts(doc: Json, source: WatermarkSource): Pick<Cursor, 'binlog' | 'keyScan'> {
  if (source !== 'tidemark-export') return {};
  const binlog = readBinlogCursor(lookup(doc, 'extract.cursor.binlog').value, 'extract.cursor.binlog');
  const keyScan = readKeyScanCursor(lookup(doc, 'extract.cursor.keyScan').value, 'extract.cursor.keyScan');
  return { ...(binlog ? { binlog } : {}), ...(keyScan ? { keyScan } : {}) };
}

/** An export carries Tidemark's own metadata, kept as it was. */
function ownMetadata(doc: Json, source: WatermarkSource): Record<string, unknown> | null {
  const metadata = doc['metadata'];
  return source === 'tidemark-export' && isObject(metadata) ? metadata : null;
}

interface Field {
  name: string;
  value: unknown;
}

/** Follows a dotted path; a present parent that is not an object is an error. */
function lookup(doc: Json, path: string): Field {
  const keys = path.split('.');
  let value: unknown = doc;
  for (const [i, key] of keys.entries()) {
    if (isMissing(value)) break;
    if (!isObject(value)) throw badInput(`${keys.slice(0, i).join('.')} must be an object, got ${show(value)}`);
    value = value[key];
  }
  return { name: path, value };
}

function first(doc: Json, paths: string[]): Field {
  const fields = paths.map((path) => lookup(doc, path));
  return fields.find((f) => !isMissing(f.value)) ?? fields[0] ?? { name: '', value: undefined };
}

function text({ name, value }: Field): string | null {
  if (isMissing(value)) return null;
  if (typeof value !== 'string') throw badInput(`${name} must be a string, got ${show(value)}`);
  return value;
}

function isNoValue(value: unknown): boolean {
  return typeof value === 'string' && NO_VALUE.includes(value.trim().toLowerCase());
}

function timestamp(field: Field): string | null {
  const value = text(field);
  if (value === null || isNoValue(value)) return null;
  return within(field.name, () => parseUserTimestamp(value));
}

/** Run times are stored like Tidemark's own: ISO 8601 UTC with milliseconds. */
function runTime(field: Field): string | null {
  const canonical = timestamp(field);
  return canonical && `${canonical.slice(0, 10)}T${canonical.slice(11, 23)}Z`;
}

function count({ name, value }: Field): number {
  if (isMissing(value)) return 0;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw badInput(`${name} must be a non-negative integer, got ${show(value)}`);
  }
  return value;
}

function status(field: Field): StageStatus {
  const value = text(field);
  return STATUSES.find((s) => s === value) ?? 'pending';
}

/** A scalar id (old tool) or a list of key parts (export), each kept as an exact string. */
function primaryKey({ name, value }: Field): string[] | null {
  if (isMissing(value) || isNoValue(value)) return null;
  if (!Array.isArray(value)) return [keyPart(name, value)];
  return value.map((part, i) => keyPart(`${name}[${i}]`, part));
}

function keyPart(name: string, part: unknown): string {
  if (typeof part === 'string' && part !== '') return part;
  if (typeof part === 'number' && Number.isSafeInteger(part)) return String(part);
  if (typeof part === 'number' && Number.isInteger(part)) {
    throw badInput(`${name} ${part} is beyond 2^53 and was rounded when the JSON was parsed: pass the id as a string`);
  }
  throw badInput(`${name} must be an integer or a string, got ${show(part)}`);
}

function fileList(doc: Json, paths: string[]): string[] {
  const files = paths.flatMap((path) => {
    const { name, value } = lookup(doc, path);
    if (isMissing(value)) return [];
    if (!Array.isArray(value)) throw badInput(`${name} must be a list of file names, got ${show(value)}`);
    return value.map((file, i) => {
      if (typeof file !== 'string' || file === '')
        throw badInput(`${name}[${i}] must be a file name, got ${show(file)}`);
      return file;
    });
  });
  return [...new Set(files)].sort();
}

function canonicalTable(key: string): string {
  return formatTableKey(parseTableKey(key));
}

/** Prefixes a BAD_INPUT message with where it happened. */
function within<T>(context: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (isTidemarkError(error)) throw badInput(`${context}: ${error.message}`);
    throw error;
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isMissing(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}

function show(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (isObject(value)) return 'an object';
  return value === undefined ? 'nothing' : JSON.stringify(value);
}
