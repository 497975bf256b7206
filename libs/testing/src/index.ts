export * from './lib/service-addresses';
export * from './lib/mysql-fixture';
export * from './lib/postgres-fixture';
export * from './lib/table-digest';
export * from './lib/temp-dir';
export * from './lib/config-files';
export * from './lib/service-process';
export * from './lib/test-bastion';
