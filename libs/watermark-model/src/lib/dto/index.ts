export * from './manual-cursor.dto';
export * from './reset.dto';
export * from './count-update.dto';
export * from './lease.dto';
export * from './default-watermark.dto';
export * from './stage-report.dto';
export * from './import.dto';
export * from './manifest.dto';
