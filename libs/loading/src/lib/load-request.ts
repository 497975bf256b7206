import { WarehouseCost } from '@tidemark/warehouse';
import { Manifest } from '@tidemark/watermark-model';
import { TargetSpec } from './target-table';

export interface LoadRequest {
  pipeline: string;
  tableKey: string;
  target: TargetSpec;
  /** Told the pending manifests the load found (none when nothing waits), before it works on them. */
  onPending?: (manifests: Manifest[]) => void;
  /**
   * Told the manifests a load just committed to the warehouse (their rows
   * are queryable from now), before the load is reported; not told those
   * only reconciled from the ledger (they were committed by an earlier run).
   */
  onCommitted?: (manifests: Manifest[]) => void;
  /** Told, as staging goes on, how many of the load's manifests and rows are staged so far. */
  onStaged?: (progress: StagingProgress) => void;
  /**
   * A load made while the table's extract still runs (ADR 0036): it only
   * adds to the target. When the pending manifests would replace it (a
   * rebuild after a resync or reset, a full_sync snapshot), it loads
   * nothing and leaves them to the load after the extract, so the new
   * table is swapped in whole.
   */
  deferReplacement?: boolean;
  /**
   * None of the incoming keys is expected in the target: an earlier load of
   * this run filled it from empty (ADR 0036). The rows are then COPYed
   * straight into the target, as into an empty one, under a savepoint; a
   * key that is there after all fails that COPY, and the load stages and
   * merges as usual.
   */
  newKeysExpected?: boolean;
}

export interface StagingProgress {
  manifests: number;
  rows: number;
  /** Manifests the load stages in all. */
  of: number;
}

export interface LoadResult {
  tableKey: string;
  manifestsLoaded: number;
  /** Manifests found in the warehouse ledger and only reported (a lost report). */
  manifestsReconciled: number;
  /** Pending manifests older than a newer full_sync snapshot: closed, not loaded. */
  manifestsSuperseded: number;
  rowsStaged: number;
  /** Rows the loaded manifests say they hold; equal to rowsStaged, or the load fails. */
  rowsExpected: number;
  seconds: number;
  target: string;
  mode: string;
  /** Columns added or widened in the warehouse by this load. */
  columnsAdded: string[];
  columnsWidened: string[];
  /** A full_sync snapshot rebuilt the table and swapped it in. */
  replaced: boolean;
  /** The load rebuilt the target from every pending manifest (after a load-stage reset or a resync). */
  reloaded: boolean;
  /** The table was rebuilt to widen columns ALTER COLUMN TYPE cannot widen (Redshift key columns). */
  rebuilt: boolean;
  /**
   * The rows went by COPY straight into the table: no staging, no merge.
   * The table was empty, or (newKeysExpected) none of the rows' keys was in it.
   */
  copiedIntoEmptyTable: boolean;
  /** Statements, round trips and COPYs the load asked of the warehouse. */
  warehouseCost: WarehouseCost;
}

export interface LoadPreview {
  tableKey: string;
  target: string;
  mode: string;
  /** Manifests the load would stage, oldest first. */
  load: { id: string; rows: number; files: number }[];
  /** Already in the warehouse ledger: would only be reported. */
  reconcile: string[];
  /** The load would rebuild the target from every pending manifest (a load-stage reset or a resync asked for it). */
  rebuild: boolean;
  /** Older than a snapshot: would be closed without loading. */
  supersede: string[];
  /** Table changes the load would make. */
  ddl: string[];
  /** Schema changes that would stop the load. */
  conflicts: string[];
}

/** The result of a load that loaded nothing: the start every load's result is filled from. */
export function emptyLoadResult(req: LoadRequest): LoadResult {
  return {
    tableKey: req.tableKey,
    manifestsLoaded: 0,
    manifestsReconciled: 0,
    manifestsSuperseded: 0,
    rowsStaged: 0,
    rowsExpected: 0,
    seconds: 0,
    target: `${req.target.schema}.${req.target.table}`,
    mode: req.target.mode,
    columnsAdded: [],
    columnsWidened: [],
    replaced: false,
    reloaded: false,
    rebuilt: false,
    copiedIntoEmptyTable: false,
    warehouseCost: { statements: 0, roundTrips: 0, copies: 0, transactions: 0 },
  };
}
