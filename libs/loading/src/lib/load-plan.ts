import { LoadMode } from '@tidemark/warehouse';
import { Manifest } from '@tidemark/watermark-model';

export interface LoadPlan {
  /** Older than the newest full_sync snapshot: its rows are in the snapshot or gone from the source. */
  superseded: Manifest[];
  /** Loaded in order: the snapshot (if any) first, then the changes registered after it. */
  toLoad: Manifest[];
  /** A snapshot rebuilds the target: built under another name and swapped in. */
  replace: boolean;
}

/**
 * Which pending manifests (oldest first) to load, and whether a full_sync
 * snapshot replaces the target. Append mode keeps every version, snapshots
 * included: nothing is superseded.
 */
export function planLoad(pending: Manifest[], mode: LoadMode = 'merge'): LoadPlan {
  const last = mode === 'append' ? -1 : pending.map((m) => m.strategy).lastIndexOf('full_sync');
  if (last < 0) return { superseded: [], toLoad: rowsNotAfterChanges(pending, mode), replace: false };
  return { superseded: pending.slice(0, last), toLoad: rowsNotAfterChanges(pending.slice(last), mode), replace: true };
}

/**
 * The manifests up to the first plain one (rows, no `changes`) registered
 * after a binlog one: the merge ranks changes by their binlog order and rows
 * without one below them, which is right only while the rows are older (a
 * table moved to the binlog strategy). The rest stays pending for the next
 * load. Append mode ranks nothing.
 */
function rowsNotAfterChanges(manifests: Manifest[], mode: LoadMode): Manifest[] {
  if (mode === 'append') return manifests;
  const firstChanges = manifests.findIndex((m) => m.changes);
  const plainAfter = manifests.findIndex((m, i) => firstChanges >= 0 && i > firstChanges && !m.changes);
  return plainAfter < 0 ? manifests : manifests.slice(0, plainAfter);
}

export interface PendingPlan extends LoadPlan {
  /** In the warehouse ledger already: only reported (a lost report); empty for a rebuild. */
  reconcile: Manifest[];
}

/**
 * The plan for a table's pending manifests. Normally the ones in the
 * warehouse ledger are only reported. A rebuild (Watermark.load.rebuildPending:
 * a load-stage reset or a resync) loads them all again and replaces the
 * target, whatever the ledger holds: the target may have been dropped.
 */
export function planPending(
  pending: Manifest[],
  inLedger: ReadonlySet<string>,
  mode: LoadMode,
  rebuild: boolean,
): PendingPlan {
  if (rebuild) return { ...planLoad(pending, mode), replace: true, reconcile: [] };
  return {
    ...planLoad(
      pending.filter((m) => !inLedger.has(m.id)),
      mode,
    ),
    reconcile: pending.filter((m) => inLedger.has(m.id)),
  };
}
