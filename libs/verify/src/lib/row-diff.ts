import { RowDifference } from './row-difference';
import { ScannedRow } from './table-side';
import { VerifyColumn } from './verify-column';

export interface LeafDifferences {
  differences: RowDifference[];
  /** Differences of source rows newer than the load watermark: the next sync carries them. */
  notYetSynced: RowDifference[];
}

const keyId = (key: string[]) => key.join('\u0000');

/**
 * Compares the rows of one range, read from both sides, by key. Rows read
 * with keys only (the other side of the range is empty) have no values, and
 * only missing or extra is decided for them.
 */
export function diffRows(source: ScannedRow[], warehouse: ScannedRow[], columns: VerifyColumn[]): LeafDifferences {
  const out: LeafDifferences = { differences: [], notYetSynced: [] };
  const inWarehouse = new Map(warehouse.map((r) => [keyId(r.key), r]));
  const inSource = new Set<string>();
  for (const s of source) {
    const id = keyId(s.key);
    inSource.add(id);
    const w = inWarehouse.get(id);
    let difference: RowDifference | null = null;
    if (!w) difference = { kind: 'missing', key: s.key };
    else {
      const differing = columns.filter((_, i) => s.values[i] !== w.values[i]).map((c) => c.source.name);
      if (differing.length) difference = { kind: 'different', key: s.key, columns: differing };
    }
    if (difference) (s.pending ? out.notYetSynced : out.differences).push(difference);
  }
  for (const w of warehouse) {
    if (!inSource.has(keyId(w.key))) out.differences.push({ kind: 'extra', key: w.key });
  }
  return out;
}
