import { Inject, Injectable } from '@nestjs/common';
import { PipelineConfig, tableTarget, TidemarkConfig } from '@tidemark/config';
import { EnsuredSchemas } from '@tidemark/loading';
import { TIDEMARK_CONFIG } from './connections/tokens';
import { SourceConnections } from './connections/source-connections';
import { WatermarkConnection } from './connections/watermark-connection';
import { TableOutcome } from './run-outcome';
import { mapWithLimit } from './run-pool';
import { TableRunner, TableRunOptions } from './run-table';
import { TableJobs } from './table-job';

export interface PipelineRunOptions extends TableRunOptions {
  /** Default: every table listed in the pipeline's config. */
  tables?: string[];
  /** Tables worked at once; default `parallelTables` from the config. */
  parallel?: number;
  /** Stops the run between rows (extract) or before a table starts; nothing partial is committed. */
  signal?: AbortSignal;
}

/** The tables to run as canonical keys, each once, in the order given; every key is checked before any table starts. */
function tablesToRun(pipeline: PipelineConfig, requested?: string[]): string[] {
  const keys = (requested ?? pipeline.tables.map((t) => t.key)).map((key) => tableTarget(pipeline, key).key);
  return [...new Set(keys)];
}

/**
 * Runs a pipeline's tables, up to `parallel` at once; the outcomes come in
 * table order. A table that fails is reported and the others still run;
 * after an abort, tables not yet started are skipped.
 */
@Injectable()
export class PipelineRunner {
  constructor(
    @Inject(TIDEMARK_CONFIG) private readonly config: TidemarkConfig,
    @Inject(TableJobs) private readonly jobs: TableJobs,
    @Inject(TableRunner) private readonly tables: TableRunner,
    @Inject(WatermarkConnection) private readonly watermarks: WatermarkConnection,
    @Inject(SourceConnections) private readonly sources: SourceConnections,
  ) {}

  async run(pipelineName: string, o: PipelineRunOptions = {}): Promise<TableOutcome[]> {
    const pipeline = this.jobs.pipeline(pipelineName);
    const tables = tablesToRun(pipeline, o.tables);
    const parallel = Math.max(1, o.parallel ?? this.config.parallelTables);
    // A store that is down fails the run here, before any table starts; no stage can record it.
    await this.watermarks.api().catch((error: unknown) => {
      o.onEvent?.({ type: 'run-failed', pipeline: pipeline.name, error });
      throw error;
    });
    o.onEvent?.({ type: 'run-started', pipeline: pipeline.name, tables, parallel });
    if (o.extract !== false) this.sources.describeAhead(this.targetsOf(pipeline, tables));
    const ensuredSchemas = new EnsuredSchemas();
    return mapWithLimit(tables, parallel, (table) => this.tables.run(pipeline, table, o, ensuredSchemas));
  }

  /** The tables' sources; one that does not resolve is left out here and fails in its own run. */
  private targetsOf(pipeline: PipelineConfig, tables: string[]) {
    return tables.flatMap((table) => {
      try {
        return [this.jobs.job(pipeline, table).target];
      } catch {
        return [];
      }
    });
  }
}
