import { RunEventListener } from '@tidemark/sync';

/** The stage a service runs: the extractor extracts, the loader loads. */
export type RunStage = 'extract' | 'load';
export const RUN_STAGE = Symbol('RunStage');

/**
 * Who watches a service's runs (its logs and metrics, in service-kit): a
 * listener for the events of each new run. Optional: without one, runs go
 * unwatched.
 */
export interface RunReporter {
  startRun(stage: RunStage, pipeline: string): RunEventListener;
}
export const RUN_REPORTER = Symbol('RunReporter');
