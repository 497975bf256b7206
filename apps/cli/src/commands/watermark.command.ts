import { Command } from 'commander';
import { notFound } from '@tidemark/errors';
import { describeCursor, formatTableKey, parsePipelineName, parseTableKey, Watermark } from '@tidemark/watermark-model';
import { formatCount } from '../output/format';
import { withContext } from './with-context';

export function describeWatermark(w: Watermark): string {
  const e = w.extract;
  const l = w.load;
  return [
    `Watermark ${w.pipeline} / ${w.table}`,
    `  extract: ${e.status}, ${formatCount(e.rowsExtracted)} rows in ${formatCount(e.filesCreated)} file(s), last run ${e.lastRunAt ?? 'never'}, strategy ${e.strategy}`,
    `           cursor ${e.cursor.timestamp ?? '(none)'}${e.cursor.primaryKey ? `, key (${e.cursor.primaryKey.join(', ')})` : ''}`,
    ...(e.lastError ? [`           last error: ${e.lastError}`] : []),
    `  load:    ${l.status}, ${formatCount(l.rowsLoaded)} rows from ${formatCount(l.manifestsLoaded)} manifest(s), last run ${l.lastRunAt ?? 'never'}`,
    ...(l.lastError ? [`           last error: ${l.lastError}`] : []),
    `Next incremental run starts after ${describeCursor(e.cursor)}`,
  ].join('\n');
}

export function registerWatermarkCommand(program: Command): void {
  const watermark = program.command('watermark').description('show and manage per-table watermarks');
  watermark
    .command('get')
    .description("show a table's watermark: both stages and where the next run starts")
    .option('-p, --pipeline <name>', 'pipeline name', 'default')
    .requiredOption('-t, --table <key>', 'table as SCHEMA.TABLE or CONNECTION:SCHEMA.TABLE')
    .option('--json', 'print as JSON')
    .action(async (flags: { pipeline: string; table: string; json?: boolean }, command: Command) => {
      const pipeline = parsePipelineName(flags.pipeline);
      const table = formatTableKey(parseTableKey(flags.table));
      const found = await withContext(command, async (ctx) => (await ctx.watermarks()).get({ pipeline, table }));
      if (!found) throw notFound(`no watermark for ${pipeline} / ${table}: it has never been synced`);
      process.stdout.write((flags.json ? JSON.stringify(found, null, 2) : describeWatermark(found)) + '\n');
    });
}
