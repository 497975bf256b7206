import { Cursor } from './cursor';

/**
 * One source column as the warehouse needs to know it. The extractor records
 * this in every manifest so the loader never has to ask MySQL.
 */
export interface ColumnSchema {
  /** Column name in MySQL, and in the Parquet file. The warehouse name is derived by libs/schema. */
  name: string;
  /** MySQL DATA_TYPE, lower case: `decimal`, `datetime`, `varchar` ... */
  dataType: string;
  /** MySQL COLUMN_TYPE: `decimal(12,2)`, `bigint(20) unsigned`, `tinyint(1)` ... */
  columnType: string;
  nullable: boolean;
  /** Characters for string types. */
  length: number | null;
  precision: number | null;
  scale: number | null;
  charset: string | null;
  /**
   * TINYINT(1) only: stored as BOOLEAN (table option `tinyint1: boolean`, or
   * a warehouse column already BOOLEAN) rather than SMALLINT. Manifests
   * written before this field existed lack it; their files hold BOOLEAN.
   */
  asBoolean?: boolean;
}

export interface ManifestFile {
  /** Object-store key, relative to the store's root. */
  key: string;
  uri: string;
  rows: number;
  bytes: number;
  sha256: string;
}

/**
 * The column every file of a manifest ends with, and its value in every row
 * (a signed BIGINT as a decimal string), greater than any earlier-registered
 * manifest's of the table (ADR 0015).
 */
export interface ManifestLoadOrder {
  column: string;
  value: string;
}

/**
 * Binlog tables only (strategy `binlog`, issue 20): every file holds row
 * changes, not rows. These three columns follow the source columns (and
 * precede the load-order column) in every file. Their names default to
 * `_tidemark_operation`, `_tidemark_position` and `_tidemark_change`, and
 * take a numeric suffix when a source column already has the name (compared
 * case-insensitively), so they never collide with the table's own columns.
 */
export interface ManifestChanges {
  /** VARCHAR: `insert`, `update` or `delete`. An update that changes the key is a delete of the old key and an insert of the new one. */
  operationColumn: string;
  /** VARCHAR: the binlog position of the row's event, `<file>:<position>`, for inspection. */
  positionColumn: string;
  /** BIGINT: the change's place in binlog order; strictly increasing across the manifest's files, and greater than any earlier manifest's of the table. */
  orderColumn: string;
}

/** The oldest and newest source commit times (UTC, ISO 8601) of the rows in a manifest, where the strategy knows them. */
export interface SourceCommitTimes {
  oldest: string;
  newest: string;
}

export interface Manifest {
  version: 1;
  id: string;
  pipeline: string;
  table: string;
  runId: string;
  sequence: number;
  createdAt: string;
  strategy: string;
  /** Null for strategies that page by key only (id_only, full_sync). */
  cursorColumn: string | null;
  primaryKey: string[];
  /** The source columns, in file order; the load-order column follows them in the files but is not one of them. */
  columns: ColumnSchema[];
  /** Absent in manifests written before files carried it. */
  loadOrder?: ManifestLoadOrder;
  schemaFingerprint: string;
  files: ManifestFile[];
  rowCount: number;
  byteCount: number;
  minCursor: Cursor;
  maxCursor: Cursor;
  /** Binlog tables only: the change columns of every file. Absent: the files hold rows. */
  changes?: ManifestChanges;
  /** Binlog tables (each event's timestamp); absent for cursor strategies, whose cursor timestamps stand in for it. */
  sourceCommitTimes?: SourceCommitTimes;
}
