import { PipelineConfig } from '@tidemark/config';
import { CleanupInputs } from './cleanup-inputs';
import { CleanupDecision, CleanupSummary, decideCleanup, summarizeDecisions } from './cleanup-decision';
import { KEEP_ALL, KeepRestorable, keepRestorableText } from './keep-restorable';
import { keyPatternMatcher } from './key-pattern';
import { recordDeletions } from './record-deletions';
import { restoreNeeds } from './restore-needs';
import { readTableInventory } from './table-inventory';

export interface CleanOptions {
  olderThanMs: number;
  /** Glob over keys relative to the table's prefix. */
  pattern?: string;
  dryRun?: boolean;
  force?: boolean;
  /** What to keep for `reload` and `restore`; default every restore point. */
  keepRestorable?: KeepRestorable;
  /** Who the watermark history names for the recorded deletions. */
  actor?: string;
}

export interface TableCleanup {
  pipeline: string;
  table: string;
  prefix: string;
  olderThanMs: number;
  pattern: string | null;
  force: boolean;
  dryRun: boolean;
  /** `all`, `none` or the retention window (`30d`). */
  keepRestorable: string;
  objects: CleanupDecision[];
  summary: CleanupSummary;
}

/** Deletes (or with `dryRun` only names) a table's objects that `decideCleanup` lets go. */
export async function cleanTable(
  inputs: CleanupInputs,
  pipeline: PipelineConfig,
  tableKey: string,
  o: CleanOptions,
): Promise<TableCleanup> {
  const matches = keyPatternMatcher(o.pattern);
  const keep = o.keepRestorable ?? KEEP_ALL;
  const now = new Date();
  const { inventory, registered } = await readTableInventory(inputs, pipeline, tableKey);
  const watermarks = await inputs.watermarks.api();
  const objects = decideCleanup(inventory.objects, {
    now,
    olderThanMs: o.olderThanMs,
    matches,
    force: Boolean(o.force),
    restoreNeeds: await restoreNeeds(watermarks, pipeline, registered, keep, now),
  });
  if (!o.dryRun) {
    const gone = objects.filter((d) => d.reason === 'deleted');
    await recordDeletions(watermarks, pipeline.name, registered, gone, o.actor ?? 'tidemark-s3clean', (d) =>
      inputs.store.delete(d.key),
    );
  }
  const { table, prefix } = inventory;
  return {
    pipeline: inventory.pipeline,
    table,
    prefix,
    olderThanMs: o.olderThanMs,
    pattern: o.pattern ?? null,
    force: Boolean(o.force),
    dryRun: Boolean(o.dryRun),
    keepRestorable: keepRestorableText(keep),
    objects,
    summary: summarizeDecisions(objects),
  };
}
