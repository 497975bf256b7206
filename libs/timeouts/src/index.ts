export * from './lib/timeouts';
export * from './lib/sql-trace';
