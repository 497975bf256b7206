export * from './lib/tidemark-core.module';
export * from './lib/bootstrap-service';
export * from './lib/table-run.dto';
export * from './lib/tidemark-error.filter';
export * from './lib/bearer-token.middleware';
