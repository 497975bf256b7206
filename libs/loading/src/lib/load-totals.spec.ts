import { emptyLoadResult, LoadResult } from './load-request';
import { loadTotals } from './load-totals';

const req = { pipeline: 'p', tableKey: 'shop.orders', target: { schema: 'dw', table: 'orders', mode: 'merge' as const } };
const load = (fields: Partial<LoadResult>): LoadResult => ({ ...emptyLoadResult(req), ...fields });

describe('loadTotals', () => {
  it('adds up the counts, seconds and warehouse cost of a run’s loads and joins their column changes', () => {
    const total = loadTotals([
      load({ manifestsLoaded: 1, rowsStaged: 10, rowsExpected: 10, seconds: 1.5, columnsAdded: ['a'], copiedIntoEmptyTable: true,
        warehouseCost: { statements: 5, roundTrips: 7, copies: 1, transactions: 1 } }),
      load({ manifestsLoaded: 2, manifestsReconciled: 1, rowsStaged: 20, rowsExpected: 20, seconds: 2, columnsAdded: ['a', 'b'], columnsWidened: ['c'],
        warehouseCost: { statements: 6, roundTrips: 8, copies: 2, transactions: 1 } }),
      load({ manifestsSuperseded: 3, seconds: 0.25 }),
    ]);
    expect(total).toMatchObject({
      tableKey: 'shop.orders',
      manifestsLoaded: 3,
      manifestsReconciled: 1,
      manifestsSuperseded: 3,
      rowsStaged: 30,
      rowsExpected: 30,
      seconds: 3.75,
      columnsAdded: ['a', 'b'],
      columnsWidened: ['c'],
      copiedIntoEmptyTable: false,
      warehouseCost: { statements: 11, roundTrips: 15, copies: 3, transactions: 2 },
    });
  });

  it('says the rows were copied straight in only when every load that loaded manifests did so', () => {
    const direct = load({ manifestsLoaded: 1, copiedIntoEmptyTable: true });
    expect(loadTotals([direct, load({}), direct]).copiedIntoEmptyTable).toBe(true);
    expect(loadTotals([load({})]).copiedIntoEmptyTable).toBe(false);
    expect(loadTotals([load({ replaced: true }), load({ reloaded: true, rebuilt: true })])).toMatchObject({ replaced: true, reloaded: true, rebuilt: true });
  });

  it('refuses an empty list', () => {
    expect(() => loadTotals([])).toThrow('loadTotals needs at least one load result');
  });
});
