export * from './lib/pipeline-runs.module';
export * from './lib/run-stage';
export * from './lib/run-tracker';
export * from './lib/table-run.dto';
