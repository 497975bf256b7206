export * from './lib/manual-cursor.dto';
export * from './lib/reset.dto';
export * from './lib/count-update.dto';
export * from './lib/lease.dto';
export * from './lib/default-watermark.dto';
export * from './lib/stage-report.dto';
export * from './lib/import.dto';
export * from './lib/manifest.dto';
