export interface RowRange {
  /** First row, counted from 0. */
  start: number;
  /** One past the last row. */
  end: number;
}

/** `rows` cut into `parts` consecutive ranges whose sizes differ by at most one row. */
export function rowRanges(rows: number, parts: number): RowRange[] {
  if (!Number.isInteger(parts) || parts < 1) throw new Error(`cannot cut rows into ${parts} parts`);
  return Array.from({ length: parts }, (_, i) => ({
    start: Math.floor((i * rows) / parts),
    end: Math.floor(((i + 1) * rows) / parts),
  }));
}
