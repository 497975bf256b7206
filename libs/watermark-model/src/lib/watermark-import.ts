import { Cursor } from './cursor';
import { StageStatus } from './watermark';

/**
 * One table's state as read from an export or from the old Python tool's
 * S3 JSON files, ready to be written to the store. Counts are absolute.
 */
export interface ImportedWatermark {
  pipeline: string;
  /** Canonical table key (`schema.table` or `CONN:schema.table`). */
  table: string;
  cursor: Cursor;
  extractStatus: StageStatus;
  rowsExtracted: number;
  filesCreated: number;
  lastExtractAt: string | null;
  strategy: string;
  loadStatus: StageStatus;
  rowsLoaded: number;
  lastLoadAt: string | null;
  backupStrategy: string;
  /** Free-form; for the old tool: `{ source: 'python-v1' | 'python-v2', processedFiles: [...] }`. */
  metadata: Record<string, unknown>;
}
