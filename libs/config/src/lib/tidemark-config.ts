import { WarehouseTimeouts } from '@tidemark/timeouts';
import { BastionSettings, ConnectionSettings, ObjectStoreSettings, WatermarkStoreSettings } from './system-settings';

export interface TableConfig {
  /** `schema.table` in the source connection. */
  key: string;
  /** hybrid (default), timestamp_only, id_only, full_sync or custom. */
  strategy: string;
  cursorColumn: string;
  /** Warehouse table name; default: the source table's name. */
  targetTable?: string;
  /** Columns that identify a row, when that is not the table's PRIMARY KEY. */
  keyColumns?: string[];
  /** Rows per keyset page (one query each). */
  batchSize: number;
  /** A WHERE fragment added to every query (required by custom). */
  where?: string;
  lagSeconds?: number;
  lookbackSeconds?: number;
  /** The lag used when the source user cannot see open transactions (no PROCESS privilege); default 60. */
  fallbackLagSeconds?: number;
  /** How the load writes the target: merge (default), append or full_sync (default for strategy full_sync). */
  loadMode?: 'merge' | 'append' | 'full_sync';
  /** Redshift: a text value longer than its column holds fails the sync (default) or is cut to fit. */
  oversizeText?: 'fail' | 'truncate';
  /** NUL in text or `\u0000` in JSON, which the warehouse cannot store: fail the extract (default), replace with U+FFFD, or strip. */
  unstorableText?: 'fail' | 'replace' | 'strip';
  /** TINYINT(1) columns: SMALLINT (default, every value kept) or BOOLEAN (docs/types.md). */
  tinyint1?: 'smallint' | 'boolean';
  /** With tinyint1: boolean, a value other than 0/1 fails the extract (default) or loads NULL, its key reported. */
  nonBooleanValues?: 'fail' | 'log';
  /** Redshift DISTKEY / SORTKEY / column encodings; names are source or warehouse column names. */
  redshift?: { distKey?: string; sortKey?: string[]; encode?: Record<string, string> };
}

export interface ContinuousSettings {
  /** A micro-batch at least this often, counted from the end of the last one. */
  intervalSeconds: number;
  /** Or sooner, as soon as this many rows wait; none: on the interval only. */
  maxBufferedRows?: number;
  /** How often the waiting rows are counted (with maxBufferedRows). */
  probeSeconds: number;
}

export interface PipelineConfig {
  name: string;
  /** Name of the MySQL connection the tables are read from. */
  connection: string;
  /** Warehouse schema; default: the table's source schema. */
  targetSchema?: string;
  tables: TableConfig[];
  /** Cron expressions (UTC) on which the extractor and loader services run this pipeline. */
  schedule?: { extract?: string; load?: string };
  /** Run the pipeline in micro-batches instead of on `schedule` (both services). */
  continuous?: ContinuousSettings;
  /** The tables' unstorableText unless a table sets its own. */
  unstorableText?: 'fail' | 'replace' | 'strip';
  /** The tables' tinyint1 and nonBooleanValues unless a table sets its own. */
  tinyint1?: 'smallint' | 'boolean';
  nonBooleanValues?: 'fail' | 'log';
}

export interface ExtractSettings {
  /** Roll to a new Parquet file once about this many bytes are written. */
  targetFileBytes: number;
  rowGroupRows: number;
}

export interface RedshiftSettings {
  /** COPY authorization: a role ARN, or keys. */
  auth: { iamRole: string } | { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  serverless: boolean;
  varcharMode: 'bytes' | 'double';
  slices: number;
}

export interface WarehouseConfig {
  type: 'postgres' | 'redshift';
  url: string;
  ssh?: BastionSettings;
  /** Present exactly when type is redshift. */
  redshift?: RedshiftSettings;
  /** The ones set in the config; the rest take WAREHOUSE_TIMEOUT_DEFAULTS. */
  timeouts?: Partial<WarehouseTimeouts>;
}

export interface TidemarkConfig {
  /** Scratch space for Parquet and CSV files in flight. */
  workDirectory: string;
  watermarkStore: WatermarkStoreSettings;
  /** When set, watermarks live in this running watermark service, not in `watermarkStore`. */
  watermarkService?: { url: string; token: string; requestTimeoutSeconds?: number };
  objectStore: ObjectStoreSettings;
  warehouse: WarehouseConfig;
  /** Tables worked at once by `sync` and the extractor and loader services. */
  parallelTables: number;
  /** Where each run's JSON report is written. */
  logDirectory: string;
  extract: ExtractSettings;
  connections: Record<string, ConnectionSettings>;
  pipelines: Record<string, PipelineConfig>;
}

export const TABLE_DEFAULTS = { strategy: 'hybrid', cursorColumn: 'updated_at', batchSize: 100_000 };
export const EXTRACT_DEFAULTS: ExtractSettings = { targetFileBytes: 128 * 1024 * 1024, rowGroupRows: 122_880 };

export function findTableConfig(pipeline: PipelineConfig, key: string): TableConfig {
  return pipeline.tables.find((t) => t.key === key) ?? { key, ...TABLE_DEFAULTS };
}
