export * from './lib/quote';
export * from './lib/sanitize-identifier';
export * from './lib/parquet-type';
export * from './lib/postgres-type';
export * from './lib/target-columns';
export * from './lib/schema-fingerprint';
export * from './lib/varchar-size';
export * from './lib/redshift-type';
