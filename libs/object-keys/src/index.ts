export * from './lib/object-keys';
