export * from './lib/redshift-emulator';
export * from './lib/redshift-error';
export * from './lib/redshift-sql';
export * from './lib/parquet-columns';
