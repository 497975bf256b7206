export * from './lib/duckdb-session';
export * from './lib/source-value';
export * from './lib/parquet-file-writer';
export * from './lib/parquet-to-csv';
