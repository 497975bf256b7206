import { ImportedWatermark, ResetStage, Watermark } from '@tidemark/watermark-model';
import { WatermarkEntity } from './entities/watermark.entity';
import { now } from './watermark-changes';
import { storeCursor } from './watermark-mapper';

/**
 * When each stage's counts last restarted from 0 (a reset). Count checks
 * compare only manifests registered or loaded since then.
 */
export interface CountsSince {
  extract?: string;
  load?: string;
}

export function countsSince(e: WatermarkEntity): CountsSince {
  const metadata = JSON.parse(e.metadata || '{}') as { countsSince?: CountsSince };
  return metadata.countsSince ?? {};
}

/** Kept in the metadata: the watermark's columns are the cursor and counts, and this is neither. */
export function recordFutureRows(e: WatermarkEntity, futureRows: number): void {
  e.metadata = JSON.stringify({ ...(JSON.parse(e.metadata || '{}') as Record<string, unknown>), futureRows });
}

/** Counts an import carried over (no manifests behind them); count checks leave them out. */
export interface ImportedCounts {
  extractRows?: number;
  extractFiles?: number;
  loadRows?: number;
  loadManifests?: number;
}

export function importedCounts(e: WatermarkEntity): ImportedCounts {
  const metadata = JSON.parse(e.metadata || '{}') as { importedCounts?: ImportedCounts };
  return metadata.importedCounts ?? {};
}

const STAGE_COUNTS = { extract: ['extractRows', 'extractFiles'], load: ['loadRows', 'loadManifests'] } as const;

/** Counts restart from 0 here: what an import carried over for that stage is gone too. */
function restartCounts(e: WatermarkEntity, stage: 'extract' | 'load'): void {
  const metadata = JSON.parse(e.metadata || '{}') as Record<string, unknown>;
  metadata['countsSince'] = { ...countsSince(e), [stage]: now() };
  const carried: ImportedCounts = { ...importedCounts(e) };
  for (const count of STAGE_COUNTS[stage]) delete carried[count];
  if (Object.keys(carried).length > 0) metadata['importedCounts'] = carried;
  else delete metadata['importedCounts'];
  e.metadata = JSON.stringify(metadata);
}

/** Back to a table never extracted and/or never loaded. Final: nothing brings the old state back. */
export function resetStage(e: WatermarkEntity, stage: ResetStage): void {
  if (stage !== 'load') {
    storeCursor(e, { timestamp: null, primaryKey: null });
    e.extractStatus = 'pending';
    e.extractRows = 0;
    e.extractFiles = 0;
    e.extractError = null;
    e.backupStrategy = 'sequential';
    restartCounts(e, 'extract');
  }
  if (stage !== 'extract') {
    e.loadStatus = 'pending';
    e.loadRows = 0;
    e.loadManifests = 0;
    e.loadError = null;
    restartCounts(e, 'load');
  }
}

/** Makes the row look as it did in an earlier version (from the history). */
export function applySnapshot(e: WatermarkEntity, w: Watermark): void {
  storeCursor(e, w.extract.cursor);
  e.extractStatus = w.extract.status;
  e.extractRows = w.extract.rowsExtracted;
  e.extractFiles = w.extract.filesCreated;
  e.extractLastRunAt = w.extract.lastRunAt;
  e.extractStrategy = w.extract.strategy;
  e.extractError = w.extract.lastError;
  e.loadStatus = w.load.status;
  e.loadRows = w.load.rowsLoaded;
  e.loadManifests = w.load.manifestsLoaded;
  e.loadLastRunAt = w.load.lastRunAt;
  e.loadError = w.load.lastError;
  e.loadRebuild = w.load.rebuildPending ?? false;
  e.backupStrategy = w.backupStrategy;
  e.metadata = JSON.stringify(w.metadata ?? {});
}

export function applyImported(e: WatermarkEntity, w: ImportedWatermark): void {
  storeCursor(e, w.cursor);
  e.extractStatus = w.extractStatus;
  e.extractRows = w.rowsExtracted;
  e.extractFiles = w.filesCreated;
  e.extractLastRunAt = w.lastExtractAt;
  e.extractStrategy = w.strategy;
  e.extractError = null;
  e.loadStatus = w.loadStatus;
  e.loadRows = w.rowsLoaded;
  e.loadLastRunAt = w.lastLoadAt;
  e.loadError = null;
  e.backupStrategy = w.backupStrategy;
  // Imported counts have no manifests behind them: the count checks start from here and leave them out.
  const at = now();
  const carried: ImportedCounts = {
    extractRows: w.rowsExtracted,
    extractFiles: w.filesCreated,
    loadRows: w.rowsLoaded,
    loadManifests: e.loadManifests,
  };
  e.metadata = JSON.stringify({ ...w.metadata, countsSince: { extract: at, load: at }, importedCounts: carried });
}
