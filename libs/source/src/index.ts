export * from './lib/mysql-connection-options';
export * from './lib/mysql-source';
export * from './lib/source-table';
export * from './lib/read-batches';
export * from './lib/source-clock';
export * from './lib/resolve-source-table';
export * from './lib/raw-row';
