import { PipelineTable } from '@tidemark/config';
import { WatermarkApi, withLease } from '@tidemark/watermark-model';
import { BisectionProgress, bisectTable } from './range-bisection';
import { loadedThrough, notYetLoaded } from './loaded-through';
import { repairDifferences } from './repair';
import { TableSide } from './table-side';
import { TableVerification, VerifyResult } from './verification';
import { VerifyInputs } from './verify-inputs';
import { planVerification, VerifyPlan } from './verify-plan';

export interface VerifyOptions {
  /** Repair the differences under the table's load lease, then compare again. */
  fix?: boolean;
  /** Stop splitting a differing range at this many rows and compare it row by row (default 1000). */
  leafRows?: number;
  onProgress?: (p: BisectionProgress & { table: string }) => void;
}

export const DEFAULT_LEAF_ROWS = 1000;

/**
 * Compares a table's source and warehouse copies: counts and checksums per
 * key range, bisected down to the rows that are missing, extra or different.
 * With `fix`, repairs them and compares again. The table comes resolved
 * (`pipelineTable` of @tidemark/config): its pipeline, target and settings.
 */
export async function verifyTable(
  inputs: VerifyInputs,
  table: PipelineTable,
  o: VerifyOptions = {},
): Promise<VerifyResult> {
  const plan = await planVerification(inputs, table);
  const watermarks = await inputs.watermarks.api();
  if (!o.fix) return compare(watermarks, plan, o);
  // The load lease keeps every loader off the table until the repair is checked.
  const lease = { isDeadHolder: inputs.isDeadHolder };
  return withLease(watermarks, plan.id, 'load', inputs.holder, async (): Promise<VerifyResult> => {
    const found = await compare(watermarks, plan, o);
    if (found.differences.length === 0) return found;
    const repaired = await repairDifferences(plan, found.differences);
    return { ...found, fix: { ...repaired, after: await compare(watermarks, plan, o) } };
  }, lease);
}

async function compare(watermarks: WatermarkApi, plan: VerifyPlan, o: VerifyOptions): Promise<TableVerification> {
  const started = Date.now();
  const through = await loadedThrough(watermarks, plan.id);
  const { columns, keyColumns } = plan;
  const source = new TableSide({
    sql: plan.sourceSql,
    columns,
    keyColumns,
    run: (sql, params) => plan.source.query({ sql, params }),
    filter: plan.filter,
    pending: notYetLoaded(plan.pendingRule, through),
  });
  const warehouse = new TableSide({
    sql: plan.warehouseSql,
    columns,
    keyColumns,
    run: (sql, params) => plan.warehouse.query(sql, params),
  });
  const found = await bisectTable(source, warehouse, columns, {
    leafRows: o.leafRows ?? DEFAULT_LEAF_ROWS,
    onProgress: o.onProgress && ((p) => o.onProgress?.({ ...p, table: plan.id.table })),
  });
  const count = (kind: string) => found.differences.filter((d) => d.kind === kind).length;
  return {
    ...plan.id,
    target: plan.target,
    keyColumns: keyColumns.map((c) => c.source.name),
    equal: found.differences.length === 0,
    sourceRows: found.sourceRows,
    warehouseRows: found.warehouseRows,
    rangesCompared: found.rangesCompared,
    levels: found.levels,
    rowsCompared: found.rowsCompared,
    counts: {
      missing: count('missing'),
      extra: count('extra'),
      different: count('different'),
      notYetSynced: found.notYetSynced.length,
    },
    differences: found.differences,
    notYetSynced: found.notYetSynced,
    loadedThrough: through,
    seconds: (Date.now() - started) / 1000,
  };
}
