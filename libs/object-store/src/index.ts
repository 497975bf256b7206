export * from './lib/object-store';
export * from './lib/local-directory-store';
export * from './lib/s3-store';
// The key layout is a model lib (config checks prefixes against it); re-exported for the stages that import it from here.
export * from '@tidemark/object-keys';
export * from './lib/create-object-store';
export * from './lib/file-digest';
