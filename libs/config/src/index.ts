export * from './lib/tidemark-config';
export * from './lib/interpolate-env';
export * from './lib/load-config';
