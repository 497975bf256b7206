export * from './lib/warehouse-dialect';
export * from './lib/postgres-dialect';
export * from './lib/postgres-warehouse';
