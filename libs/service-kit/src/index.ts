export * from './lib/bootstrap-service';
export * from './lib/tidemark-error.filter';
export * from './lib/bearer-token.middleware';
export * from './lib/observability/service-runtime';
