import { INestApplicationContext } from '@nestjs/common';
import { TidemarkConfig } from '@tidemark/config';
import { CleanupInputs } from '@tidemark/object-cleanup';
import { ObjectStore } from '@tidemark/object-store';
import {
  isDeadLocalHolder,
  leaseHolderName,
  OBJECT_STORE,
  SourceConnections,
  TIDEMARK_CONFIG,
  WarehouseConnection,
  WatermarkConnection,
} from '@tidemark/sync';
import { VerifyInputs } from '@tidemark/verify';

/** What `verify` reads and locks, taken from the sync module's connections. */
export function verifyInputs(app: INestApplicationContext): VerifyInputs {
  return {
    sources: app.get(SourceConnections),
    warehouse: app.get(WarehouseConnection),
    watermarks: app.get(WatermarkConnection),
    holder: leaseHolderName(),
    isDeadHolder: isDeadLocalHolder,
  };
}

/** What `s3clean` lists and deletes from, taken from the sync module's connections. */
export function cleanupInputs(app: INestApplicationContext): CleanupInputs {
  return {
    store: app.get<ObjectStore>(OBJECT_STORE),
    watermarks: app.get(WatermarkConnection),
    objectPrefix: app.get<TidemarkConfig>(TIDEMARK_CONFIG).objectStore.prefix,
  };
}
