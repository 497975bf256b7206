export * from './lib/timeouts';
