import { KeyRange, WHOLE_TABLE } from './key-range';
import { diffRows, LeafDifferences } from './row-diff';
import { RangeSummary, TableSide } from './table-side';
import { VerifyColumn } from './verify-column';

export interface BisectionOptions {
  /** A differing range with at most this many rows on each side is compared row by row. */
  leafRows: number;
  onProgress?: (p: BisectionProgress) => void;
}

export interface BisectionProgress {
  rangesCompared: number;
  /** Differing ranges still to split or compare. */
  rangesLeft: number;
  differences: number;
}

export interface Comparison extends LeafDifferences {
  sourceRows: number;
  warehouseRows: number;
  /** Key ranges whose count and checksum were compared in both databases. */
  rangesCompared: number;
  /** Depth of the deepest range compared: 1 for the whole table. */
  levels: number;
  /** Rows read one by one (from both sides) to name the differing keys. */
  rowsCompared: number;
}

const same = (a: RangeSummary, b: RangeSummary) => a.rows === b.rows && a.hash === b.hash && a.nodeHash === b.nodeHash;

/**
 * Compares the whole table's count and checksum in both databases; a range
 * that differs is split in two at its middle key (by the side with more rows)
 * until it is small, then its rows are compared by key. Depth first, left
 * half first, so differences are found in key order.
 */
export async function bisectTable(
  source: TableSide,
  warehouse: TableSide,
  columns: VerifyColumn[],
  o: BisectionOptions,
): Promise<Comparison> {
  const result: Comparison = {
    sourceRows: 0,
    warehouseRows: 0,
    rangesCompared: 0,
    levels: 0,
    rowsCompared: 0,
    differences: [],
    notYetSynced: [],
  };
  const stack: { range: KeyRange; depth: number }[] = [{ range: WHOLE_TABLE, depth: 1 }];
  while (stack.length > 0) {
    const { range, depth } = stack.pop() as { range: KeyRange; depth: number };
    const [s, w] = await Promise.all([source.summary(range), warehouse.summary(range)]);
    result.rangesCompared++;
    result.levels = Math.max(result.levels, depth);
    if (depth === 1) [result.sourceRows, result.warehouseRows] = [s.rows, w.rows];
    if (!same(s, w)) {
      const larger = Math.max(s.rows, w.rows);
      const oneSided = Math.min(s.rows, w.rows) === 0;
      if (larger <= o.leafRows || oneSided) {
        // One side empty: every key of the other is missing or extra, no need to split further.
        const what = oneSided ? 'keys' : 'rows';
        const [sourceRows, warehouseRows] = await Promise.all([source.scan(range, what), warehouse.scan(range, what)]);
        result.rowsCompared += sourceRows.length + warehouseRows.length;
        const found = diffRows(sourceRows, warehouseRows, what === 'rows' ? columns : []);
        result.differences.push(...found.differences);
        result.notYetSynced.push(...found.notYetSynced);
      } else {
        const middle = await (s.rows >= w.rows ? source : warehouse).keyAt(range, Math.floor(larger / 2) - 1);
        stack.push({ range: { after: middle, upTo: range.upTo }, depth: depth + 1 });
        stack.push({ range: { after: range.after, upTo: middle }, depth: depth + 1 });
      }
    }
    o.onProgress?.({
      rangesCompared: result.rangesCompared,
      rangesLeft: stack.length,
      differences: result.differences.length + result.notYetSynced.length,
    });
  }
  return result;
}
