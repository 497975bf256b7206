export * from './lib/tidemark-config';
export * from './lib/interpolate-env';
export * from './lib/config-problem';
export * from './lib/check-config';
export * from './lib/load-config';
export * from './lib/mask-secrets';
export * from './lib/example-config';
export * from './lib/write-example-config';
