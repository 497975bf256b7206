import { MysqlConnectionOptions, SOURCE_TIMEOUT_DEFAULTS } from '@tidemark/source';
import { WarehouseTimeouts, withDefaults } from '@tidemark/warehouse';
import { leaseStuckSeconds } from '@tidemark/watermark-model';

/** An extract is silent at most one read-idle timeout before it fails. */
export function sourceStuckSeconds(connection: MysqlConnectionOptions | undefined): number {
  return leaseStuckSeconds(connection?.readIdleTimeoutSeconds ?? SOURCE_TIMEOUT_DEFAULTS.readIdleTimeoutSeconds);
}

/** A load is silent at most one read-idle timeout and a liveness check before it fails or hears the server alive. */
export function warehouseStuckSeconds(timeouts: Partial<WarehouseTimeouts> | undefined): number {
  const { readIdleTimeoutSeconds, connectTimeoutSeconds } = withDefaults(timeouts);
  return leaseStuckSeconds(readIdleTimeoutSeconds + connectTimeoutSeconds);
}
