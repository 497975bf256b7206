export * from './lib/warehouse-dialect';
export * from './lib/postgres-dialect';
export * from './lib/postgres-warehouse';
export * from './lib/redshift-dialect';
export * from './lib/redshift-copy';
