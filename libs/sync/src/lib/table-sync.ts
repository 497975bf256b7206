import { Inject, Injectable } from '@nestjs/common';
import { TidemarkConfig } from '@tidemark/config';
import { ExtractPreview, ExtractProgress, ExtractRequest, ExtractResult, TableExtractor } from '@tidemark/extraction';
import { EnsuredSchemas, LoadPreview, LoadRequest, LoadResult, StagingProgress, TableLoader } from '@tidemark/loading';
import { ObjectStore } from '@tidemark/object-store';
import { sanitizeIdentifier } from '@tidemark/schema';
import { Manifest } from '@tidemark/watermark-model';
import { SourceConnections } from './connections/source-connections';
import { OBJECT_STORE, TIDEMARK_CONFIG } from './connections/tokens';
import { WarehouseCapabilities, warehouseCapabilities } from './connections/warehouse-capabilities';
import { WarehouseConnection } from './connections/warehouse-connection';
import { WatermarkConnection } from './connections/watermark-connection';
import { isDeadLocalHolder, leaseHolderName, leaseTtlSeconds } from './lease-holder';
import { sourceStuckSeconds, warehouseStuckSeconds } from './lease-stuck-time';
import { StageFailures } from './stage-failures';
import { booleanColumnsForExtract } from './recorded-booleans';
import { RecentColumnMaps } from './recent-column-maps';
import { TableJob, tableIdOf } from './table-job';

export interface ExtractOptions {
  limitRows?: number;
  maxChunks?: number;
  onProgress?: (p: ExtractProgress) => void;
  /** Stops extraction between rows; the file in progress is dropped, not committed. */
  signal?: AbortSignal;
}

export interface LoadOptions {
  /** The schemas this run already gave their bookkeeping tables; shared by a run's loads. */
  ensuredSchemas?: EnsuredSchemas;
  /** Told the manifests the load takes, as it takes them. */
  onPending?: (manifests: Manifest[]) => void;
  /** Told how much is staged as staging goes on. */
  onStaged?: (progress: StagingProgress) => void;
  /** Told the manifests just committed to the warehouse (LoadRequest.onCommitted). */
  onCommitted?: (manifests: Manifest[]) => void;
  /** A load while the extract still runs (ADR 0036): a replacement of the target waits for the load after it. */
  early?: boolean;
  /** An earlier load of this run filled the table from empty: COPY straight in (LoadRequest.newKeysExpected). */
  newKeysExpected?: boolean;
}

export interface TablePreview {
  pipeline: string;
  table: string;
  extract?: ExtractPreview;
  load?: LoadPreview;
}

/**
 * The two stages of one resolved table: extract (MySQL → Parquet on S3 →
 * manifest committed with the watermark) and load (pending manifests →
 * warehouse). Each stage gets only the connections it uses.
 */
@Injectable()
export class TableSync {
  private readonly capabilities: WarehouseCapabilities;
  /** Shared by the extracts of a run (and of later runs, briefly): the TINYINT(1) check's column maps. */
  private readonly columnMaps = new RecentColumnMaps();

  constructor(
    @Inject(TIDEMARK_CONFIG) private readonly config: TidemarkConfig,
    @Inject(SourceConnections) private readonly sources: SourceConnections,
    @Inject(OBJECT_STORE) private readonly store: ObjectStore,
    @Inject(WatermarkConnection) private readonly watermarks: WatermarkConnection,
    @Inject(WarehouseConnection) private readonly warehouse: WarehouseConnection,
    @Inject(StageFailures) private readonly failures: StageFailures,
  ) {
    this.capabilities = warehouseCapabilities(config);
  }

  /** Extracts the table; any failure, connecting included, is recorded on its extract stage. */
  async extract(job: TableJob, o: ExtractOptions = {}): Promise<ExtractResult> {
    return this.failures.recorded(job, 'extract', async () =>
      (await this.extractor(job, o)).run(this.extractRequest(job, o)),
    );
  }

  /** Loads the table's pending manifests; any failure, connecting included, is recorded on its load stage. */
  async load(job: TableJob, o: LoadOptions = {}): Promise<LoadResult> {
    return this.failures.recorded(job, 'load', async () => {
      let pending = 0;
      const result = await (
        await this.loader(o)
      ).run({
        ...loadRequest(job),
        onPending: (manifests) => {
          pending = manifests.length;
          o.onPending?.(manifests);
        },
        onStaged: o.onStaged,
        onCommitted: o.onCommitted,
        deferReplacement: o.early,
        newKeysExpected: o.newKeysExpected,
      });
      // A load may record a new column mapping: the next extract reads the schema's maps again.
      if (pending > 0)
        this.columnMaps.forget(sanitizeIdentifier(job.target.targetSchema, this.warehouse.dialect.identifiers));
      // An early load's empty turn says nothing about the stage: the load after the extract does.
      if (pending === 0 && !o.early) await this.failures.clearFailedLoad(tableIdOf(job));
      return result;
    });
  }

  /** Builds `into` from the table's manifests (a restore chain), under its load lease; the table's own target is untouched. */
  async buildInto(
    job: TableJob,
    manifests: Manifest[],
    into: { schema: string; table: string },
    o: LoadOptions = {},
  ): Promise<LoadResult> {
    return (await this.loader(o)).buildInto({ ...loadRequest(job), manifests, into, onStaged: o.onStaged });
  }

  /**
   * What extract and load would do, changing nothing (`sync --dry-run`). The
   * load preview shows what is registered now: rows the extraction would add
   * are not in it.
   */
  async preview(job: TableJob, o: ExtractOptions & { extract?: boolean; load?: boolean } = {}): Promise<TablePreview> {
    const preview: TablePreview = { pipeline: job.pipeline.name, table: job.target.key };
    if (o.extract !== false)
      preview.extract = await (await this.extractor(job, o)).describe(this.extractRequest(job, o));
    if (o.load !== false) preview.load = await (await this.loader({})).describe(loadRequest(job));
    return preview;
  }

  private async extractor(job: TableJob, o: ExtractOptions): Promise<TableExtractor> {
    const connection = job.target.connection;
    return new TableExtractor({
      source: await this.sources.source(connection),
      store: this.store,
      watermarks: await this.watermarks.api(),
      settings: { ...this.config.extract, workDirectory: this.config.workDirectory, slices: this.capabilities.slices },
      onProgress: o.onProgress,
      holder: leaseHolderName(),
      leaseTtlSeconds: leaseTtlSeconds(),
      isDeadHolder: isDeadLocalHolder,
      leaseStuckSeconds: sourceStuckSeconds(this.sources.options(connection)),
    });
  }

  private extractRequest({ pipeline, target, config, loadMode }: TableJob, o: ExtractOptions): ExtractRequest {
    const { textBytesOf, fileTypeOf } = this.capabilities;
    return {
      pipeline: pipeline.name,
      tableKey: target.key,
      location: {
        prefix: this.config.objectStore.prefix,
        pipeline: pipeline.name,
        connection: target.connection,
        schema: target.sourceSchema,
        table: target.sourceTable,
      },
      strategy: config.strategy,
      filter: config.where,
      cursorColumn: config.cursorColumn,
      keyColumns: config.keyColumns,
      batchSize: config.batchSize,
      lagSeconds: config.lagSeconds,
      fallbackLagSeconds: config.fallbackLagSeconds,
      // Append keeps every version it is given: a future-dated row delivered on every run would repeat.
      deliverFutureRows: loadMode !== 'append',
      lookbackSeconds: config.lookbackSeconds,
      signal: o.signal,
      sourceTimezone: this.sources.options(target.connection).timezone,
      limitRows: o.limitRows,
      maxChunks: o.maxChunks,
      textLimit: textBytesOf && { bytesOf: textBytesOf, mode: config.oversizeText ?? 'fail' },
      fileTypeOf,
      unstorableText: config.unstorableText ?? pipeline.unstorableText,
      tinyint1: config.tinyint1 ?? pipeline.tinyint1,
      nonBooleanValues: config.nonBooleanValues ?? pipeline.nonBooleanValues,
      booleanColumns: () =>
        booleanColumnsForExtract(
          () => this.warehouse.warehouse(),
          this.warehouse.dialect,
          target.targetSchema,
          target.targetTable,
          this.columnMaps,
        ),
    };
  }

  private async loader(o: LoadOptions): Promise<TableLoader> {
    return new TableLoader({
      warehouse: await this.warehouse.warehouse(),
      dialect: this.warehouse.dialect,
      stager: () => this.warehouse.stager(),
      watermarks: await this.watermarks.api(),
      ensuredSchemas: o.ensuredSchemas,
      holder: leaseHolderName(),
      leaseTtlSeconds: leaseTtlSeconds(),
      isDeadHolder: isDeadLocalHolder,
      leaseStuckSeconds: warehouseStuckSeconds(this.config.warehouse.timeouts),
    });
  }
}

function loadRequest({ pipeline, target, loadMode, config }: TableJob): LoadRequest {
  return {
    pipeline: pipeline.name,
    tableKey: target.key,
    target: { schema: target.targetSchema, table: target.targetTable, mode: loadMode, layout: config.redshift },
  };
}
