export * from './lib/duration';
export * from './lib/key-pattern';
export * from './lib/object-status';
export * from './lib/cleanup-decision';
export * from './lib/table-objects';
export * from './lib/table-inventory';
export * from './lib/clean-table';
export * from './lib/clean-pipeline';
