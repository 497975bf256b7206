import { Cursor } from '@tidemark/watermark-model';
import { RowDifference } from './row-difference';

/** What one comparison of a table found. */
export interface TableVerification {
  pipeline: string;
  table: string;
  /** The warehouse table, `schema.table`. */
  target: string;
  /** Source names of the key columns, in the order of every `key`. */
  keyColumns: string[];
  /** True when no row is missing, extra or different (rows not yet synced do not count). */
  equal: boolean;
  sourceRows: number;
  warehouseRows: number;
  rangesCompared: number;
  levels: number;
  rowsCompared: number;
  counts: { missing: number; extra: number; different: number; notYetSynced: number };
  /** In key order within each kind. */
  differences: RowDifference[];
  /** Source rows newer than the load watermark that differ: expected until the next sync. */
  notYetSynced: RowDifference[];
  /** The newest loaded cursor, which decides what is "not yet synced"; null when nothing was loaded. */
  loadedThrough: Cursor | null;
  seconds: number;
}

export interface VerifyResult extends TableVerification {
  /** With --fix, when differences were found. */
  fix?: {
    deletedRows: number;
    insertedRows: number;
    /** The table compared again after the repair. */
    after: TableVerification;
  };
}

/** The comparison that decides the exit code: after the repair, if one ran. */
export const settled = (r: VerifyResult): TableVerification => r.fix?.after ?? r;
