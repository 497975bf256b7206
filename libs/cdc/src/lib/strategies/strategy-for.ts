import { badInput } from '@tidemark/errors';
import { BinlogStrategy } from './binlog';
import { CdcStrategy, STRATEGY_NAMES, StrategyName } from './cdc-strategy';
import { HybridStrategy } from './hybrid';
import { KeyOrderStrategy } from './key-order';
import { TimestampOnlyStrategy } from './timestamp-only';

export function strategyFor(name: string): CdcStrategy {
  switch (name as StrategyName) {
    case 'hybrid':
      return new HybridStrategy();
    case 'custom':
      return new HybridStrategy('custom');
    case 'timestamp_only':
      return new TimestampOnlyStrategy();
    case 'binlog':
      return new BinlogStrategy();
    case 'id_only':
    case 'full_sync':
      return new KeyOrderStrategy(name as 'id_only' | 'full_sync');
  }
  throw badInput(`unknown CDC strategy "${name}": use one of ${STRATEGY_NAMES.join(', ')}`);
}
