import { ExtractResult } from '@tidemark/extraction';
import { LoadResult } from '@tidemark/loading';
import { Manifest } from '@tidemark/watermark-model';
import { TableOutcome } from './run-outcome';

/**
 * What a pipeline run reports while it works, for progress displays and
 * logs. Events of tables running at once interleave; each names its table.
 */
export type RunEvent =
  /** The tables that will run, in order, after every key was checked. */
  | { type: 'run-started'; pipeline: string; tables: string[]; parallel: number }
  /** The run failed before any table started: the watermark authority could not be opened, so nothing was recorded. */
  | { type: 'run-failed'; pipeline: string; error: unknown }
  | { type: 'table-started'; table: string }
  /** `expectedRows`: at most this many rows will be read (`--limit`, or a cheap estimate), when known. */
  | { type: 'extract-started'; table: string; expectedRows?: number }
  | { type: 'extract-progress'; table: string; rows: number; files: number }
  | { type: 'extract-finished'; table: string; result: ExtractResult }
  /** What is waiting to be loaded as the load starts. */
  | { type: 'load-started'; table: string; manifests: number; rows: number }
  /** Staged so far: `manifests` of `of`, holding `rows`. */
  | { type: 'load-progress'; table: string; manifests: number; rows: number; of: number }
  /** `manifests` were committed to the warehouse at `committedAt` (ms): their rows are queryable (freshness, ADR 0043). */
  | { type: 'load-committed'; table: string; manifests: Manifest[]; committedAt: number }
  | { type: 'load-finished'; table: string; result: LoadResult }
  /** `error`: what made the table fail, with its stack (it is not part of the outcome). */
  | { type: 'table-finished'; outcome: TableOutcome; error?: unknown };

export type RunEventListener = (event: RunEvent) => void;
