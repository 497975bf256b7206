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
}
