import { badInput } from '@tidemark/errors';
import { formatTableKey, parseTableKey } from '@tidemark/watermark-model';
import { configuredTableKey } from './configured-table-key';
import { findTableConfig, PipelineConfig } from './tidemark-config';

export interface TableTarget {
  /** Canonical watermark key. */
  key: string;
  connection: string;
  sourceSchema: string;
  sourceTable: string;
  /** Warehouse schema and table before sanitizing. */
  targetSchema: string;
  targetTable: string;
}

/** Where a table key of a pipeline (or its unscoped name, see configuredTableKey) reads from and loads into. */
export function tableTarget(pipeline: PipelineConfig, tableKey: string): TableTarget {
  const ref = parseTableKey(configuredTableKey(pipeline, tableKey));
  const key = formatTableKey(ref);
  if (!ref.schema) throw badInput(`table "${key}" needs its schema: use SCHEMA.TABLE`);
  return {
    key,
    connection: ref.connection ?? pipeline.connection,
    sourceSchema: ref.schema,
    sourceTable: ref.table,
    targetSchema: pipeline.targetSchema ?? ref.schema,
    targetTable: findTableConfig(pipeline, key).targetTable ?? ref.table,
  };
}
