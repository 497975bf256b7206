export * from './lib/tidemark-error';
