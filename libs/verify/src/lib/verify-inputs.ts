import { MysqlSource } from '@tidemark/source';
import { Warehouse, WarehouseDialect } from '@tidemark/warehouse';
import { WatermarkApi } from '@tidemark/watermark-model';

/** The MySQL connections of the config, opened on first use. */
export interface VerifySources {
  source(connection: string): Promise<MysqlSource>;
  /** The connection's settings: the zone its DATETIME cursor values are written in. */
  options(connection: string): { timezone?: string };
}

/** The warehouse a table loads into, and its SQL dialect. */
export interface VerifyWarehouse {
  readonly dialect: WarehouseDialect;
  warehouse(): Promise<Warehouse>;
}

/** The watermark store or service: how far each table is loaded, and its load lease. */
export interface VerifyWatermarks {
  api(): Promise<WatermarkApi>;
}

/**
 * What a verification reads and locks, each as the part verify uses; the
 * sync module's SourceConnections, WarehouseConnection and
 * WatermarkConnection satisfy them as they are.
 */
export interface VerifyInputs {
  sources: VerifySources;
  warehouse: VerifyWarehouse;
  watermarks: VerifyWatermarks;
  /** Who holds the table's load lease while `fix` repairs it: host and process. */
  holder: string;
  /** Whether a live lease's holder is known dead (a crashed process of this host): taken over at once. */
  isDeadHolder?: (holder: string) => boolean;
}
