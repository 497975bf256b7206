export * from './lib/embedded-context';
export * from './lib/sync-table';
