import { BinlogCursor, Cursor, KeyScanCursor, StageStatus, Watermark } from '@tidemark/watermark-model';
import { WatermarkEntity } from './entities/watermark.entity';

export function toWatermark(e: WatermarkEntity): Watermark {
  return {
    pipeline: e.pipeline,
    table: e.tableKey,
    extract: {
      cursor: {
        timestamp: e.extractCursorTs,
        primaryKey: e.extractCursorPk ? (JSON.parse(e.extractCursorPk) as string[]) : null,
        ...(e.extractCursorBinlog ? { binlog: JSON.parse(e.extractCursorBinlog) as BinlogCursor } : {}),
        ...(e.extractCursorKeyScan ? { keyScan: JSON.parse(e.extractCursorKeyScan) as KeyScanCursor } : {}),
      },
      status: e.extractStatus as StageStatus,
      rowsExtracted: e.extractRows,
      filesCreated: e.extractFiles,
      lastRunAt: e.extractLastRunAt,
      strategy: e.extractStrategy,
      lastError: e.extractError,
    },
    load: {
      status: e.loadStatus as StageStatus,
      rowsLoaded: e.loadRows,
      manifestsLoaded: e.loadManifests,
      lastRunAt: e.loadLastRunAt,
      lastError: e.loadError,
      rebuildPending: e.loadRebuild,
    },
    backupStrategy: e.backupStrategy,
    metadata: JSON.parse(e.metadata || '{}') as Record<string, unknown>,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
  };
}

/** Writes a cursor into the row's cursor columns: a part the cursor lacks is cleared. */
export function storeCursor(e: WatermarkEntity, cursor: Cursor): void {
  e.extractCursorTs = cursor.timestamp;
  e.extractCursorPk = cursor.primaryKey ? JSON.stringify(cursor.primaryKey) : null;
  e.extractCursorBinlog = cursor.binlog ? JSON.stringify(cursor.binlog) : null;
  e.extractCursorKeyScan = cursor.keyScan ? JSON.stringify(cursor.keyScan) : null;
}
