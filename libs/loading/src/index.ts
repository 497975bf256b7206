export * from './lib/table-loader';
export * from './lib/target-table';
export * from './lib/warehouse-counts';
export * from './lib/load-plan';
export * from './lib/manifest-stager';
export * from './lib/postgres-stager';
export * from './lib/redshift-stager';
export * from './lib/schema-evolution';
export { EnsuredSchemas } from './lib/bookkeeping';
