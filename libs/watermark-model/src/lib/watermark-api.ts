import { Cursor } from './cursor';
import { DefaultWatermark } from './default-watermark';
import { Lease, LeaseStage } from './lease';
import { ImportedWatermark } from './watermark-import';
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
  status: 'pending' | 'loaded';
  rows: number;
  files: number;
  bytes: number;
  createdAt: string;
  loadedAt: string | null;
  fileUris: string[];
  minCursor: Cursor;
  maxCursor: Cursor;
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
}

export interface CountValidation {
  extractRows: CountCheck;
  extractFiles: CountCheck;
  loadRows: CountCheck;
  loadManifests: CountCheck;
}

export interface ManualCursor {
  timestamp?: string;
  primaryKey?: string[];
}

export interface WatermarkFilter {
  pipeline?: string;
  status?: StageStatus;
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
  importAll(entries: ImportedWatermark[], actor: string): Promise<Watermark[]>;
  leaseHolder(id: TableId, stage: LeaseStage): Promise<Lease | null>;
}
