import { StageStatus, Watermark } from '@tidemark/watermark-model';
import { WatermarkEntity } from './entities/watermark.entity';

export function toWatermark(e: WatermarkEntity): Watermark {
  return {
    pipeline: e.pipeline,
    table: e.tableKey,
    extract: {
      cursor: {
        timestamp: e.extractCursorTs,
        primaryKey: e.extractCursorPk ? (JSON.parse(e.extractCursorPk) as string[]) : null,
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
