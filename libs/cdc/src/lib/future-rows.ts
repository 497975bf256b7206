import { Cursor } from '@tidemark/watermark-model';
import { oneTickAfter, truncateToPrecision } from './cursor-precision';
import { CdcStrategy } from './strategies/cdc-strategy';

/**
 * Where a strategy starts reading the rows dated after `now`. A start
 * without a key is inclusive for keyed strategies and exclusive for
 * `timestamp_only`, so each gets the first value after `now` at the
 * column's precision.
 */
export function futureStart(strategy: CdcStrategy, now: string, precision: number): Cursor {
  const current = truncateToPrecision(now, precision);
  return { timestamp: strategy.needsPrimaryKey ? oneTickAfter(current, precision) : current, primaryKey: null };
}
