import { Cursor } from './cursor';
import { DefaultWatermark } from './default-watermark';
import { SourceCommitTimes } from './manifest';
import { StageStatus, Watermark } from './watermark';
import { TableId, WatermarkPort } from './watermark-port';

export type ResetStage = 'all' | 'extract' | 'load';

export interface HistoryEntry {
  id: number;
  pipeline: string;
  table: string;
  action: string;
  actor: string;
  at: string;
  before: Watermark | null;
  after: Watermark;
}

export interface ManifestSummary {
  id: string;
  /** skipped: set aside by `tidemark manifest skip`, never loaded until retried. */
  status: 'pending' | 'loaded' | 'superseded' | 'skipped';
  /** The extract strategy that wrote it (`full_sync`: a snapshot that replaces the table). */
  strategy: string;
  rows: number;
  files: number;
  bytes: number;
  createdAt: string;
  loadedAt: string | null;
  /** When `s3clean` deleted one of its objects (data file or manifest JSON): a restore can no longer load it. */
  filesDeletedAt: string | null;
  fileUris: string[];
  minCursor: Cursor;
  maxCursor: Cursor;
  /** Binlog manifests: the source commit times of their rows (Manifest.sourceCommitTimes). */
  sourceCommitTimes?: SourceCommitTimes;
  /** Who skipped it, why and when (while skipped). */
  skip?: ManifestSkip;
  /** The table's last load error, when it names this pending manifest. */
  lastError?: string;
}

export interface ManifestSkip {
  by: string;
  reason: string;
  at: string;
}

export interface CountUpdate {
  stage: 'extract' | 'load';
  mode: 'set' | 'add';
  rows?: number;
  files?: number;
}

export interface CountCheck {
  recorded: number;
  /** Recomputed from the registered manifests. */
  fromManifests: number;
  /**
   * Carried over by `watermark import` from the old tool or another store,
   * with no manifest behind it; `recorded` leaves it out. Absent when nothing was imported.
   */
  imported?: number;
}

export interface CountValidation {
  extractRows: CountCheck;
  extractFiles: CountCheck;
  loadRows: CountCheck;
  loadManifests: CountCheck;
  /** Counts restart at a reset: only manifests registered (extract) or loaded (load) after these instants count. */
  countsSince: { extract?: string; load?: string };
}

export interface ManualCursor {
  timestamp?: string;
  primaryKey?: string[];
  /** Binlog tables: stream from this commit position (the snapshot is taken as done). */
  binlogPosition?: { file: string; pos: number; gtid?: string };
}

export interface WatermarkFilter {
  pipeline?: string;
  status?: StageStatus;
}

export interface ImportOptions {
  /** Pipeline of an old-tool file (default `default`); for an export, that pipeline's entries only. */
  pipeline?: string;
  /** Table of an old-tool file that does not name it; for an export, that table's entry only. */
  table?: string;
  /** The table when an old-tool file names none and `table` is not given (the CLI passes the file name's). */
  fallbackTable?: string;
  /** Allow an entry to move a cursor back (the rows between are extracted again). */
  allowRewind?: boolean;
}

/** The history action of a resync: find a table's resyncs by it. */
export const RESYNC_ACTION = 'resync';

/** What a resync did to one table: its watermark before and after, and the manifests it made history. */
export interface TableResync {
  before: Watermark | null;
  after: Watermark;
  /** Manifests that were pending, loaded or skipped, now `superseded`: never loaded again, still readable. */
  superseded: { manifests: number; rows: number };
}

export interface WatermarkExport {
  format: 'tidemark-watermarks';
  version: 1;
  exportedAt: string;
  defaultWatermark: DefaultWatermark | null;
  watermarks: Watermark[];
}

/**
 * The whole watermark authority: what the services, the CLI and other tools
 * may do. The TypeORM store implements it in-process, the HTTP client over
 * the watermark service's REST API.
 */
export interface WatermarkApi extends WatermarkPort {
  list(filter?: WatermarkFilter): Promise<Watermark[]>;
  setCursor(id: TableId, cursor: ManualCursor, actor: string): Promise<Watermark>;
  reset(id: TableId, stage: ResetStage, actor: string): Promise<Watermark>;
  history(id: TableId): Promise<HistoryEntry[]>;
  restore(id: TableId, historyId: number, actor: string): Promise<Watermark>;
  updateCounts(id: TableId, update: CountUpdate, actor: string): Promise<Watermark>;
  validateCounts(id: TableId): Promise<CountValidation>;
  manifests(id: TableId): Promise<ManifestSummary[]>;
  getDefaultWatermark(): Promise<DefaultWatermark | null>;
  setDefaultWatermark(value: DefaultWatermark | null, actor: string): Promise<DefaultWatermark | null>;
  exportAll(): Promise<WatermarkExport>;
  /** A Tidemark export or one old-tool watermark file (v1 or v2); all entries or none. */
  importDocument(document: unknown, options: ImportOptions, actor: string): Promise<Watermark[]>;
  /** Sets a pending manifest aside: loads pass it by until `retryManifest`. */
  skipManifest(id: TableId, manifestId: string, reason: string, actor: string): Promise<ManifestSummary>;
  /** Puts a skipped manifest back to pending. */
  retryManifest(id: TableId, manifestId: string, actor: string): Promise<ManifestSummary>;
  /**
   * Starts a table over for a rebuild, in one transaction: both stages reset
   * (counts restart), every pending, loaded or skipped manifest superseded,
   * and the next load made to replace the target. Refused while a live
   * holder leases either stage.
   */
  resync(id: TableId, actor: string): Promise<TableResync>;
  /** Records that `s3clean` deleted objects of these manifests, so restores know without listing the bucket. */
  markFilesDeleted(id: TableId, manifestIds: string[], actor: string): Promise<void>;
}
