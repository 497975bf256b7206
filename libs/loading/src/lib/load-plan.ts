import { Manifest } from '@tidemark/watermark-model';

export interface LoadPlan {
  /** Older than the newest full_sync snapshot: its rows are in the snapshot or gone from the source. */
  superseded: Manifest[];
  /** Loaded in order: the snapshot (if any) first, then the changes registered after it. */
  toLoad: Manifest[];
  /** The target is emptied before the merge, in the same transaction. */
  replace: boolean;
}

/** Which pending manifests (oldest first) to load, and whether a full_sync snapshot replaces the target. */
export function planLoad(pending: Manifest[]): LoadPlan {
  const last = pending.map((m) => m.strategy).lastIndexOf('full_sync');
  if (last < 0) return { superseded: [], toLoad: pending, replace: false };
  return { superseded: pending.slice(0, last), toLoad: pending.slice(last), replace: true };
}
