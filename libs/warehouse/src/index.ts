export * from './lib/warehouse-dialect';
export * from './lib/generated-names';
export * from './lib/base-dialect';
export * from './lib/postgres-dialect';
export * from './lib/postgres-warehouse';
export * from './lib/redshift-dialect';
export * from './lib/redshift-copy';
export * from './lib/create-dialect';
