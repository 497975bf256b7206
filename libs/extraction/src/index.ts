export * from './lib/run-id';
export * from './lib/extract-request';
export * from './lib/table-extractor';
