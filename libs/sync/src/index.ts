export * from './lib/embedded-context';
export * from './lib/sync-table';
export * from './lib/lease-holder';
export * from './lib/table-target';
export * from './lib/run-pipeline';
export * from './lib/table-status';
