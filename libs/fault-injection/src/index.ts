export * from './lib/fault-point';
