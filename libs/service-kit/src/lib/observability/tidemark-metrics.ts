import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { RunStage } from '@tidemark/pipeline-runs';
import { TableOutcome } from '@tidemark/sync';
import { freshnessSeconds, Manifest } from '@tidemark/watermark-model';
import { isLeaseConflict } from './lease-conflict';

const TABLE = ['pipeline', 'table'] as const;
const TABLE_STAGE = ['pipeline', 'table', 'stage'] as const;

/** From a one-second table to a two-hour one. */
const DURATION_BUCKETS = [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200];

/** From a micro-batch's seconds to a day-old backfill (ADR 0043). */
export const FRESHNESS_BUCKETS = [1, 2.5, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600, 21600, 86400];

/**
 * The service's Prometheus metrics in a registry of its own (two apps in one
 * process never share a series): Node's process metrics, and what its runs
 * and its error mapping record. Every series carries `service`.
 */
export class TidemarkMetrics {
  readonly registry = new Registry();
  private readonly counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Counter<L>({ name, help, labelNames, registers: [this.registry] });

  readonly rowsExtracted = this.counter(
    'tidemark_rows_extracted_total',
    'Rows written to committed Parquet files by finished extract stages.',
    TABLE,
  );
  readonly filesWritten = this.counter(
    'tidemark_files_written_total',
    'Parquet files uploaded and committed by finished extract stages.',
    TABLE,
  );
  readonly bytesWritten = this.counter(
    'tidemark_bytes_written_total',
    'Bytes of Parquet files uploaded and committed by finished extract stages.',
    TABLE,
  );
  readonly futureRows = new Gauge({
    name: 'tidemark_future_dated_rows',
    help: "Rows whose cursor was after the source's clock at the last finished extract stage (delivered, but never moving the cursor).",
    labelNames: TABLE,
    registers: [this.registry],
  });
  readonly rowsLoaded = this.counter(
    'tidemark_rows_loaded_total',
    'Rows staged and merged into the warehouse by finished load stages.',
    TABLE,
  );
  readonly manifestsLoaded = this.counter(
    'tidemark_manifests_loaded_total',
    'Manifests loaded into the warehouse by finished load stages.',
    TABLE,
  );
  readonly tableErrors = this.counter(
    'tidemark_table_errors_total',
    'Table stages that failed, by error code (INTERNAL: a bug).',
    [...TABLE_STAGE, 'code'] as const,
  );
  readonly runErrors = this.counter(
    'tidemark_run_errors_total',
    'Runs that failed before any table started, by error code (WATERMARK_STORE: the watermark store could not be opened, so no stage recorded the failure).',
    ['pipeline', 'stage', 'code'] as const,
  );
  readonly lastSuccess = new Gauge({
    name: 'tidemark_table_last_success_timestamp_seconds',
    help: 'Unix time at which this service last finished the table stage without failing (since the service started).',
    labelNames: TABLE_STAGE,
    registers: [this.registry],
  });
  readonly leaseConflicts = this.counter(
    'tidemark_lease_conflicts_total',
    'Table stages refused because another process held the lease (or took it over).',
    TABLE_STAGE,
  );
  readonly httpErrors = this.counter(
    'tidemark_http_errors_total',
    'Error responses sent by the API, by HTTP status and error code.',
    ['status', 'code'] as const,
  );
  readonly runDuration = new Histogram({
    name: 'tidemark_table_run_duration_seconds',
    help: 'Seconds a table stage took, by outcome (success, failed, skipped); _count is the number of runs.',
    labelNames: [...TABLE_STAGE, 'status'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });

  readonly freshness = new Histogram({
    name: 'tidemark_freshness_seconds',
    help: 'Seconds from the source commit of the oldest row of each loaded manifest (its min cursor timestamp, or binlog commit time) to the warehouse commit that made it queryable; one observation per manifest.',
    labelNames: TABLE,
    buckets: FRESHNESS_BUCKETS,
    registers: [this.registry],
  });

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
  }

  /** What one table's stage did; counts come from the stages that finished, so a failed extraction counts nothing. */
  recordOutcome(stage: RunStage, pipeline: string, outcome: TableOutcome): void {
    const table = { pipeline, table: outcome.table };
    const { extract, load } = outcome.result ?? {};
    if (extract) {
      this.rowsExtracted.inc(table, extract.rows);
      this.filesWritten.inc(table, extract.files);
      this.bytesWritten.inc(table, extract.bytes);
      this.futureRows.set(table, extract.futureRows);
    }
    if (load) {
      this.rowsLoaded.inc(table, load.rowsStaged);
      this.manifestsLoaded.inc(table, load.manifestsLoaded);
    }
    this.runDuration.observe({ ...table, stage, status: outcome.status }, outcome.seconds ?? 0);
    if (outcome.status === 'success') this.lastSuccess.set({ ...table, stage }, Date.now() / 1000);
    if (outcome.status !== 'failed') return;
    const failed = { ...table, stage: outcome.failedStage ?? stage };
    this.tableErrors.inc({ ...failed, code: outcome.errorCode ?? 'INTERNAL' });
    if (isLeaseConflict(outcome)) this.leaseConflicts.inc(failed);
  }

  /** Manifests a load just committed to the warehouse at `committedAt` (ms); one without rows or without a source time (key-only strategies) is not observed. */
  recordFreshness(pipeline: string, table: string, manifests: Manifest[], committedAt: number): void {
    for (const m of manifests) {
      if (m.rowCount === 0) continue; // a watermark move (a change manifest without rows): nothing became queryable
      const seconds = freshnessSeconds(m, committedAt);
      if (seconds !== null) this.freshness.observe({ pipeline, table }, seconds);
    }
  }

  /** A run that failed before its tables started: nothing was recorded on any stage. */
  recordRunError(stage: RunStage, pipeline: string, code: string): void {
    this.runErrors.inc({ pipeline, stage, code });
  }

  recordHttpError(status: number, code: string): void {
    this.httpErrors.inc({ status: String(status), code });
  }
}
