import { findTableConfig, PipelineConfig, TableConfig, tableNameClashes } from '@tidemark/config';
import { LoadMode } from '@tidemark/warehouse';
import { badInput } from '@tidemark/errors';
import { ExtractPreview, ExtractProgress, ExtractRequest, ExtractResult, TableExtractor, TextLimitRule } from '@tidemark/extraction';
import { redshiftFileTypeOf, redshiftTextBytes, redshiftTypeOf } from '@tidemark/schema';
import { LoadPreview, LoadRequest, LoadResult, TableLoader } from '@tidemark/loading';
import { ColumnSchema, parsePipelineName } from '@tidemark/watermark-model';
import { EmbeddedContext } from './embedded-context';
import { leaseHolderName, leaseTtlSeconds } from './lease-holder';
import { sourceStuckSeconds, warehouseStuckSeconds } from './lease-stuck-time';
import { TableTarget, tableTarget } from './table-target';

export interface SyncOptions {
  extract?: boolean;
  load?: boolean;
  limitRows?: number;
  maxChunks?: number;
  onProgress?: (p: ExtractProgress) => void;
  /** Stops extraction between rows; the file in progress is dropped, not committed. */
  signal?: AbortSignal;
}

export interface SyncResult {
  pipeline: string;
  table: string;
  extract?: ExtractResult;
  load?: LoadResult;
}

/** A pipeline named in config, or the implicit `default` one over the `default` connection. */
export function resolvePipeline(ctx: EmbeddedContext, name: string): PipelineConfig {
  parsePipelineName(name);
  const found = ctx.config.pipelines[name];
  if (found) return refuseClashes(ctx, found, found.tables);
  if (name === 'default' && ctx.config.connections['default']) {
    return { name, connection: 'default', tables: [] };
  }
  const known = Object.keys(ctx.config.pipelines);
  throw badInput(`pipeline "${name}" is not defined in config/pipelines/ (known: ${known.join(', ') || 'none'})`);
}

/** The configured load mode; a full_sync strategy loads by swapping in each snapshot unless told to append. */
export function loadModeOf(t: TableConfig): LoadMode {
  if (t.loadMode === 'full_sync' && t.strategy !== 'full_sync') {
    throw badInput(`table ${t.key}: loadMode full_sync needs strategy full_sync (a snapshot to swap in); use merge or append`);
  }
  return t.loadMode ?? (t.strategy === 'full_sync' ? 'full_sync' : 'merge');
}

/** Redshift VARCHAR counts bytes, at most 65535: longer text fails the extraction, or is cut when configured. */
function textLimitFor(ctx: EmbeddedContext, t: TableConfig): TextLimitRule | undefined {
  const redshift = ctx.config.warehouse.redshift;
  if (ctx.config.warehouse.type !== 'redshift' || !redshift) return undefined;
  return { bytesOf: (c) => redshiftTextBytes(c, { varcharMode: redshift.varcharMode }), mode: t.oversizeText ?? 'fail' };
}

/** Files typed for the warehouse column (Redshift's Parquet COPY converts nothing); PostgreSQL keeps the MySQL column's exact type. */
function fileTypesFor(ctx: EmbeddedContext): ((c: ColumnSchema) => string) | undefined {
  const redshift = ctx.config.warehouse.redshift;
  if (ctx.config.warehouse.type !== 'redshift' || !redshift) return undefined;
  return (c) => redshiftFileTypeOf(redshiftTypeOf(c, { varcharMode: redshift.varcharMode }));
}

/** Redshift loads a manifest's files one per slice: each flush is split for them. PostgreSQL stages files one by one. */
function copySlices(ctx: EmbeddedContext): number {
  const { type, redshift } = ctx.config.warehouse;
  return type === 'redshift' && redshift ? redshift.slices : 1;
}

/** One table of a pipeline, resolved: where it reads, where it loads, how. */
interface TableJob {
  pipeline: PipelineConfig;
  target: TableTarget;
  config: TableConfig;
}

/**
 * Entries that name one table twice, or load two into one warehouse table,
 * stop the pipeline before anything runs; so does a requested key that
 * spells a configured table another way (`conn:s.t` for `s.t`).
 */
function refuseClashes(ctx: EmbeddedContext, pipeline: PipelineConfig, tables: { key: string }[]): PipelineConfig {
  const [clash] = tableNameClashes({ ...pipeline, tables }, ctx.dialect.identifiers);
  if (clash) throw badInput(`pipeline ${pipeline.name}: table "${clash.key}" ${clash.message}`);
  return pipeline;
}

function tableJob(ctx: EmbeddedContext, pipelineName: string, tableKey: string): TableJob {
  const pipeline = resolvePipeline(ctx, pipelineName);
  const target = tableTarget(pipeline, tableKey);
  if (!pipeline.tables.some((t) => t.key === target.key)) refuseClashes(ctx, pipeline, [...pipeline.tables, { key: target.key }]);
  return { pipeline, target, config: findTableConfig(pipeline, target.key) };
}

async function extractorFor(ctx: EmbeddedContext, job: TableJob, options: SyncOptions): Promise<TableExtractor> {
  return new TableExtractor({
    source: await ctx.source(job.target.connection),
    store: ctx.store(),
    watermarks: await ctx.watermarks(),
    settings: { ...ctx.config.extract, workDirectory: ctx.config.workDirectory, slices: copySlices(ctx) },
    onProgress: options.onProgress,
    holder: leaseHolderName(),
    leaseTtlSeconds: leaseTtlSeconds(),
    leaseStuckSeconds: sourceStuckSeconds(ctx.config.connections[job.target.connection]),
  });
}

function extractRequest(ctx: EmbeddedContext, { pipeline, target, config }: TableJob, options: SyncOptions): ExtractRequest {
  return {
    pipeline: pipeline.name,
    tableKey: target.key,
    location: {
      prefix: ctx.config.objectStore.prefix,
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
    deliverFutureRows: loadModeOf(config) !== 'append',
    lookbackSeconds: config.lookbackSeconds,
    signal: options.signal,
    sourceTimezone: ctx.config.connections[target.connection]?.timezone,
    limitRows: options.limitRows,
    maxChunks: options.maxChunks,
    textLimit: textLimitFor(ctx, config),
    fileTypeOf: fileTypesFor(ctx),
    unstorableText: config.unstorableText ?? pipeline.unstorableText,
  };
}

async function loaderFor(ctx: EmbeddedContext): Promise<TableLoader> {
  return new TableLoader({
    warehouse: await ctx.warehouse(),
    dialect: ctx.dialect,
    stager: () => ctx.stager(),
    watermarks: await ctx.watermarks(),
    holder: leaseHolderName(),
    leaseTtlSeconds: leaseTtlSeconds(),
    leaseStuckSeconds: warehouseStuckSeconds(ctx.config.warehouse.timeouts),
  });
}

function loadRequest({ pipeline, target, config }: TableJob): LoadRequest {
  return {
    pipeline: pipeline.name,
    tableKey: target.key,
    target: { schema: target.targetSchema, table: target.targetTable, mode: loadModeOf(config), layout: config.redshift },
  };
}

/** Extract then load one table, both in this process. */
export async function syncTable(
  ctx: EmbeddedContext,
  pipelineName: string,
  tableKey: string,
  options: SyncOptions = {},
): Promise<SyncResult> {
  const job = tableJob(ctx, pipelineName, tableKey);
  const result: SyncResult = { pipeline: job.pipeline.name, table: job.target.key };
  if (options.extract !== false) {
    result.extract = await (await extractorFor(ctx, job, options)).run(extractRequest(ctx, job, options));
  }
  if (options.load !== false) result.load = await (await loaderFor(ctx)).run(loadRequest(job));
  return result;
}

export interface TablePreview {
  pipeline: string;
  table: string;
  extract?: ExtractPreview;
  load?: LoadPreview;
}

/**
 * What `syncTable` would do, changing nothing (`sync --dry-run`). The load
 * preview shows what is registered now: rows the extraction would add are
 * not in it.
 */
export async function previewTable(
  ctx: EmbeddedContext,
  pipelineName: string,
  tableKey: string,
  options: SyncOptions = {},
): Promise<TablePreview> {
  const job = tableJob(ctx, pipelineName, tableKey);
  const preview: TablePreview = { pipeline: job.pipeline.name, table: job.target.key };
  if (options.extract !== false) {
    preview.extract = await (await extractorFor(ctx, job, options)).describe(extractRequest(ctx, job, options));
  }
  if (options.load !== false) preview.load = await (await loaderFor(ctx)).describe(loadRequest(job));
  return preview;
}
