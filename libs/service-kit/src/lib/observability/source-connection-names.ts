import { tableTarget, TidemarkConfig } from '@tidemark/config';

/**
 * The MySQL connections the extractor reads: each pipeline's own, those
 * named in its table keys (`CONNECTION:schema.table`), and `default` when it
 * exists, since the implicit `default` pipeline reads it.
 */
export function sourceConnectionNames(config: TidemarkConfig): string[] {
  const names = new Set<string>();
  for (const pipeline of Object.values(config.pipelines)) {
    names.add(pipeline.connection);
    for (const table of pipeline.tables) names.add(tableTarget(pipeline, table.key).connection);
  }
  if (config.connections['default'] && !config.pipelines['default']) names.add('default');
  return [...names].sort();
}
