export * from './lib/object-store';
export * from './lib/local-directory-store';
export * from './lib/s3-store';
export * from './lib/object-keys';
export * from './lib/create-object-store';
export * from './lib/file-digest';
