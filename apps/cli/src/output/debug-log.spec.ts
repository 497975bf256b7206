import { LoadResult } from '@tidemark/loading';
import { DebugLog } from './debug-log';

const result = (o: Partial<LoadResult>) =>
  ({ manifestsLoaded: 3, manifestsReconciled: 0, warehouseCost: { statements: 19, roundTrips: 21, copies: 1, transactions: 1 }, ...o }) as LoadResult;

function lines(events: Parameters<DebugLog['onEvent']>[0][]): string[] {
  const out: string[] = [];
  const log = new DebugLog({ write: (s: string) => out.push(s) } as never, () => Date.UTC(2026, 0, 1));
  for (const e of events) log.onEvent(e);
  return out.join('').trimEnd().split('\n');
}

describe('DebugLog: every event, and what each load cost the warehouse', () => {
  it('prints the event, then the statements, round trips, COPYs and transactions of the load', () => {
    const printed = lines([{ type: 'load-finished', table: 'shop.orders', result: result({}) }]);
    expect(printed).toHaveLength(2);
    expect(printed[0]).toMatch(/^debug 2026-01-01T00:00:00\.000Z load-finished \{"table":"shop\.orders","result":\{.*"warehouseCost":\{"statements":19,"roundTrips":21,"copies":1,"transactions":1\}\}\}$/);
    expect(printed[1]).toBe(
      'debug shop.orders: the load cost 19 statement(s) in 21 round trip(s) to the warehouse, 1 COPY, 1 transaction(s)',
    );
  });

  it('prints no cost line for a table with nothing to load', () => {
    const nothing = result({ manifestsLoaded: 0, warehouseCost: { statements: 0, roundTrips: 0, copies: 0, transactions: 0 } });
    expect(lines([{ type: 'load-finished', table: 'shop.orders', result: nothing }])).toHaveLength(1);
  });
});
