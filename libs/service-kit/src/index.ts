export * from './lib/tidemark-core.module';
export * from './lib/bootstrap-service';
export * from './lib/table-run.dto';
export * from './lib/tidemark-error.filter';
export * from './lib/bearer-token.middleware';
export * from './lib/pipeline-runs/pipeline-runs.module';
export * from './lib/pipeline-runs/run-tracker';
export * from './lib/observability/service-runtime';
