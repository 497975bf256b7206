import { Cursor } from './cursor';

export type StageStatus = 'pending' | 'in_progress' | 'success' | 'failed';

export interface ExtractStage {
  cursor: Cursor;
  status: StageStatus;
  /** Rows written to registered manifests, summed once per manifest. */
  rowsExtracted: number;
  filesCreated: number;
  lastRunAt: string | null;
  strategy: string;
  lastError: string | null;
}

export interface LoadStage {
  status: StageStatus;
  rowsLoaded: number;
  manifestsLoaded: number;
  lastRunAt: string | null;
  lastError: string | null;
  /**
   * The next load rebuilds the target: it replaces it with every pending
   * manifest, loaded before or not (set by a load-stage reset or a resync,
   * cleared by the load that rebuilt it).
   */
  rebuildPending: boolean;
}

export interface Watermark {
  pipeline: string;
  table: string;
  extract: ExtractStage;
  load: LoadStage;
  backupStrategy: string;
  metadata: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}
