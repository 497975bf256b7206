export * from './lib/table-loader';
export * from './lib/target-table';
export * from './lib/warehouse-counts';
