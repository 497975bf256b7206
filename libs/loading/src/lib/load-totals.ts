import { LoadResult } from './load-request';

const sum = (results: LoadResult[], count: (r: LoadResult) => number) => results.reduce((n, r) => n + count(r), 0);
const union = (lists: string[][]) => [...new Set(lists.flat())];

/**
 * What several loads of one table in one run did, as one result: counts,
 * seconds and warehouse cost added up, column changes joined, a flag set
 * when any load set it. `copiedIntoEmptyTable` holds when every load that
 * loaded manifests copied straight in. Needs at least one result.
 */
export function loadTotals(results: LoadResult[]): LoadResult {
  if (results.length === 0) throw new RangeError('loadTotals needs at least one load result');
  const last = results[results.length - 1];
  const loading = results.filter((r) => r.manifestsLoaded > 0);
  return {
    ...last,
    manifestsLoaded: sum(results, (r) => r.manifestsLoaded),
    manifestsReconciled: sum(results, (r) => r.manifestsReconciled),
    manifestsSuperseded: sum(results, (r) => r.manifestsSuperseded),
    rowsStaged: sum(results, (r) => r.rowsStaged),
    rowsExpected: sum(results, (r) => r.rowsExpected),
    seconds: sum(results, (r) => r.seconds),
    columnsAdded: union(results.map((r) => r.columnsAdded)),
    columnsWidened: union(results.map((r) => r.columnsWidened)),
    replaced: results.some((r) => r.replaced),
    reloaded: results.some((r) => r.reloaded),
    rebuilt: results.some((r) => r.rebuilt),
    copiedIntoEmptyTable: loading.length > 0 && loading.every((r) => r.copiedIntoEmptyTable),
    warehouseCost: {
      statements: sum(results, (r) => r.warehouseCost.statements),
      roundTrips: sum(results, (r) => r.warehouseCost.roundTrips),
      copies: sum(results, (r) => r.warehouseCost.copies),
      transactions: sum(results, (r) => r.warehouseCost.transactions),
    },
  };
}
