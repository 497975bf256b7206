import { DynamicModule, Global, Module } from '@nestjs/common';
import { TidemarkConfig } from '@tidemark/config';
import { createObjectStore } from '@tidemark/object-store';
import { SourceConnections } from './source-connections';
import { OBJECT_STORE, TIDEMARK_CONFIG } from './tokens';
import { WarehouseConnection } from './warehouse-connection';
import { WatermarkConnection } from './watermark-connection';

/**
 * The four systems a sync talks to, built from one config: MySQL sources,
 * the object store, the watermark store or service, the warehouse. Each
 * opens on first use (a load-only run never connects to MySQL) and closes
 * when the application context closes.
 */
@Global()
@Module({})
export class ConnectionsModule {
  static forConfig(config: TidemarkConfig): DynamicModule {
    return {
      module: ConnectionsModule,
      providers: [
        { provide: TIDEMARK_CONFIG, useValue: config },
        { provide: OBJECT_STORE, useFactory: () => createObjectStore(config.objectStore) },
        SourceConnections,
        WarehouseConnection,
        WatermarkConnection,
      ],
      exports: [TIDEMARK_CONFIG, OBJECT_STORE, SourceConnections, WarehouseConnection, WatermarkConnection],
    };
  }
}
