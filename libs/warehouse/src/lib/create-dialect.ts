import { postgresDialect } from './postgres-dialect';
import { RedshiftDialect } from './redshift-dialect';
import { WarehouseDialect } from './warehouse-dialect';

export function createDialect(type: 'postgres' | 'redshift', options: { varcharMode?: 'bytes' | 'double' } = {}): WarehouseDialect {
  return type === 'redshift' ? new RedshiftDialect(options) : postgresDialect;
}
