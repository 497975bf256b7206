import { badInput } from '@tidemark/errors';
import { IdentifierRules } from '@tidemark/schema';
import { parsePipelineName } from '@tidemark/watermark-model';
import { findTableConfig, PipelineConfig, TABLE_DEFAULTS, TableConfig, TidemarkConfig } from './tidemark-config';
import { tableNameClashes } from './table-name-clashes';
import { TableTarget, tableTarget } from './table-target';

/** A pipeline named in config, or the implicit `default` one over the `default` connection. */
export function resolvePipeline(config: TidemarkConfig, name: string, rules: IdentifierRules): PipelineConfig {
  parsePipelineName(name);
  const found = config.pipelines[name];
  if (found) return refuseClashes(found, found.tables, rules);
  if (name === 'default' && config.connections['default']) {
    return { name, connection: 'default', tables: [] };
  }
  const known = Object.keys(config.pipelines);
  throw badInput(`pipeline "${name}" is not defined in config/pipelines/ (known: ${known.join(', ') || 'none'})`);
}

/** One table of a pipeline, resolved: where it reads, where it loads, with which settings. */
export interface PipelineTable {
  pipeline: PipelineConfig;
  target: TableTarget;
  config: TableConfig;
}

/**
 * A table of a resolved pipeline; a requested key that spells a configured
 * table another way (`conn:s.t` for `s.t`) is refused before anything runs.
 */
export function pipelineTable(pipeline: PipelineConfig, tableKey: string, rules: IdentifierRules): PipelineTable {
  const target = tableTarget(pipeline, tableKey);
  if (!pipeline.tables.some((t) => t.key === target.key))
    refuseClashes(pipeline, [...pipeline.tables, { key: target.key }], rules);
  return { pipeline, target, config: findTableConfig(pipeline, target.key) };
}

/** The load mode a table's settings give; a full_sync strategy loads by swapping in each snapshot unless told to append. */
export function loadModeOf(t: TableConfig): NonNullable<TableConfig['loadMode']> {
  if (t.loadMode === 'full_sync' && t.strategy !== 'full_sync') {
    throw badInput(
      `table ${t.key}: loadMode full_sync needs strategy full_sync (a snapshot to swap in); use merge or append`,
    );
  }
  return t.loadMode ?? (t.strategy === 'full_sync' ? 'full_sync' : 'merge');
}

/** The load mode of a table of a named pipeline; one the config does not list loads by merge. */
export function loadModeIn(config: TidemarkConfig, pipeline: string, tableKey: string): NonNullable<TableConfig['loadMode']> {
  return loadModeOf(tableConfigIn(config, pipeline, tableKey));
}

/** The settings of a table of a named pipeline; one the config does not list has the defaults. */
export function tableConfigIn(config: TidemarkConfig, pipeline: string, tableKey: string): TableConfig {
  const found = config.pipelines[pipeline];
  return found ? findTableConfig(found, tableKey) : { key: tableKey, ...TABLE_DEFAULTS };
}

/**
 * Entries that name one table twice, or load two into one warehouse table,
 * stop the pipeline before anything runs.
 */
function refuseClashes(pipeline: PipelineConfig, tables: { key: string }[], rules: IdentifierRules): PipelineConfig {
  const [clash] = tableNameClashes({ ...pipeline, tables }, rules);
  if (clash) throw badInput(`pipeline ${pipeline.name}: table "${clash.key}" ${clash.message}`);
  return pipeline;
}
