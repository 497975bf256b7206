import { badInput } from '@tidemark/errors';
import { formatTableKey, parseTableKey } from '@tidemark/watermark-model';
import { PipelineConfig } from './tidemark-config';

/**
 * The table key a user typed, with an unscoped name (`orders`, as the old
 * tool took it) resolved to the one configured table of the pipeline that
 * has that name. An ambiguous or unknown unscoped name is refused, listing
 * the tables it could have meant.
 */
export function configuredTableKey(pipeline: PipelineConfig, typed: string): string {
  const ref = parseTableKey(typed);
  if (ref.schema || ref.connection) return formatTableKey(ref);
  const keys = pipeline.tables.map((t) => t.key);
  if (keys.length === 0) {
    throw badInput(
      `table "${typed}" needs its schema: use SCHEMA.TABLE (pipeline ${pipeline.name} lists no tables to pick it from)`,
    );
  }
  const matches = keys.filter((key) => parseTableKey(key).table === ref.table);
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) {
    throw badInput(`table "${typed}" is ambiguous in pipeline ${pipeline.name}: use one of ${matches.join(', ')}`);
  }
  throw badInput(`pipeline ${pipeline.name} has no table "${typed}": its tables are ${keys.join(', ')}`);
}
