import { LoadResult } from '@tidemark/loading';
import { Manifest } from '@tidemark/watermark-model';
import { loadCheckProblem } from './run-load-check';

const manifest = (id: string, rowCount: number) => ({ id, rowCount }) as Manifest;

const load = (o: Partial<LoadResult>): LoadResult => ({
  tableKey: 'shop.orders',
  manifestsLoaded: 2,
  manifestsReconciled: 0,
  manifestsSuperseded: 0,
  rowsStaged: 30,
  rowsExpected: 30,
  seconds: 1,
  target: 'shop.orders',
  mode: 'merge',
  columnsAdded: [],
  columnsWidened: [],
  replaced: false,
  rebuilt: false,
  copiedIntoEmptyTable: false,
  warehouseCost: { statements: 0, roundTrips: 0, copies: 0, transactions: 0 },
  ...o,
});

describe('loadCheckProblem: when a load that returned is still not a success', () => {
  const pending = [manifest('m1', 10), manifest('m2', 20)];

  it('accepts a load that staged the rows its manifests list and left nothing pending', () => {
    expect(loadCheckProblem(pending, [], load({}))).toBeUndefined();
  });

  it('accepts manifests registered by another extractor during the load staying pending', () => {
    expect(loadCheckProblem(pending, [manifest('m3', 5)], load({}))).toBeUndefined();
  });

  it('refuses staged rows that differ from the rows the loaded manifests list', () => {
    expect(loadCheckProblem(pending, [], load({ rowsStaged: 0 }))).toBe(
      'the load staged 0 rows but its 2 manifest(s) list 30',
    );
  });

  it('refuses a load that left a manifest it was given pending', () => {
    expect(
      loadCheckProblem(pending, [manifest('m2', 20)], load({ manifestsLoaded: 1, rowsStaged: 10, rowsExpected: 10 })),
    ).toBe('the load returned but 1 manifest(s) pending before it are still pending: m2');
  });
});
