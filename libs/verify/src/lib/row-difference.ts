export type DifferenceKind = 'missing' | 'extra' | 'different';

export interface RowDifference {
  /** missing: in the source, not in the warehouse; extra: in the warehouse, not in the source; different: in both, not equal. */
  kind: DifferenceKind;
  /** Canonical key texts, in key-column order. */
  key: string[];
  /** For `different`: the source names of the columns that differ. */
  columns?: string[];
}
