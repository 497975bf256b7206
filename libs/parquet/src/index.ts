export * from './lib/duckdb-session';
export * from './lib/lazy-duckdb-session';
export * from './lib/source-value';
export * from './lib/parquet-file-writer';
export * from './lib/parquet-to-csv';
export * from './lib/text-limits';
export * from './lib/unstorable-text';
export * from './lib/work-directories';
