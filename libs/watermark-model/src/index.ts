export * from './lib/table-key';
export * from './lib/cursor-timestamp';
export * from './lib/cursor';
export * from './lib/manifest';
export * from './lib/watermark';
export * from './lib/watermark-port';
export * from './lib/watermark-import';
