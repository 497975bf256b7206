import { PipelineConfig } from '@tidemark/config';
import { CleanupInputs } from './cleanup-inputs';
import { CleanupDecision, CleanupSummary, decideCleanup, summarizeDecisions } from './cleanup-decision';
import { keyPatternMatcher } from './key-pattern';
import { tableInventory } from './table-inventory';

export interface CleanOptions {
  olderThanMs: number;
  /** Glob over keys relative to the table's prefix. */
  pattern?: string;
  dryRun?: boolean;
  force?: boolean;
}

export interface TableCleanup {
  pipeline: string;
  table: string;
  prefix: string;
  olderThanMs: number;
  pattern: string | null;
  force: boolean;
  dryRun: boolean;
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
  const inventory = await tableInventory(inputs, pipeline, tableKey);
  const objects = decideCleanup(inventory.objects, {
    now: new Date(),
    olderThanMs: o.olderThanMs,
    matches,
    force: Boolean(o.force),
  });
  if (!o.dryRun) {
    for (const d of objects) if (d.reason === 'deleted') await inputs.store.delete(d.key);
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
    objects,
    summary: summarizeDecisions(objects),
  };
}
