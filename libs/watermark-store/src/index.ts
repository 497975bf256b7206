export * from './lib/watermark-store-options';
export * from './lib/create-data-source';
export { isSqliteBusy } from './lib/store-unreachable';
export * from './lib/watermark-store';
export * from './lib/entities/watermark.entity';
export * from './lib/entities/manifest.entity';
export * from './lib/entities/history.entity';
export * from './lib/entities/lease.entity';
export * from './lib/entities/lease-event.entity';
