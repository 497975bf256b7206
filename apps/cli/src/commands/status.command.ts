import { Command } from 'commander';
import { describeRestorablePoint, parsePipelineName } from '@tidemark/watermark-model';
import { TableStatus, TableStatuses } from '@tidemark/sync';
import { anyStageFailed, failedStageLines } from '../output/failed-stages';
import { formatColumns, formatCount } from '../output/format';
import { cursorCell } from '../output/watermark-view';
import { print } from './table-options';
import { withTidemark } from './with-tidemark';

function lag(s: TableStatus): string {
  if (s.lagError) return `? (${s.lagError})`;
  if (s.lagSeconds === undefined) return '';
  if (s.lagSeconds === null) return s.watermark?.extract.cursor.keyScan ? 'first run in progress' : 'never extracted';
  return `${formatCount(Math.round(s.lagSeconds))} s`;
}

const secondsText = (n: number) => `${n < 10 ? n.toFixed(1) : formatCount(Math.round(n))} s`;

/** The last load's freshness, then p50/p99 over the window's loads: `4.2 s (p50 3.1 s, p99 9.0 s, 57 loads in 1 h)`. */
function freshness(s: TableStatus): string {
  const f = s.freshness;
  if (f === undefined) return '';
  if (f === null) return 'no timed load';
  const window = `${formatCount(f.windowSeconds / 3600)} h`;
  if (f.p50Seconds === null || f.p99Seconds === null) return `${secondsText(f.lastSeconds)} (no load in ${window})`;
  return `${secondsText(f.lastSeconds)} (p50 ${secondsText(f.p50Seconds)}, p99 ${secondsText(f.p99Seconds)}, ${formatCount(f.loads)} loads in ${window})`;
}

/** The later of the two stages' last runs (ISO instants sort as text). */
function lastRun(s: TableStatus): string {
  const runs = [s.watermark?.extract.lastRunAt, s.watermark?.load.lastRunAt].filter((t): t is string => !!t);
  return runs.sort().at(-1) ?? '';
}

function describeStatuses(list: TableStatus[]): string {
  if (list.length === 0) return 'No tables: nothing has been synced and no pipeline lists a table.';
  const withLag = list.some((s) => s.lagSeconds !== undefined || s.lagError);
  const withFuture = list.some((s) => s.futureRows > 0);
  const withSkipped = list.some((s) => s.skippedManifests > 0);
  const header = [
    'PIPELINE',
    'TABLE',
    'EXTRACT',
    'CURSOR',
    'PENDING',
    ...(withSkipped ? ['SKIPPED'] : []),
    'LOAD',
    'LAST RUN',
    ...(withLag ? ['LAG', 'FRESHNESS'] : []),
    ...(withFuture ? ['FUTURE-DATED'] : []),
    'RESTORABLE FROM',
    'LAST ERROR',
  ];
  const rows = list.map((s) => {
    const w = s.watermark;
    return [
      s.pipeline,
      s.table,
      w ? w.extract.status : 'never synced',
      w ? cursorCell(w.extract.cursor, '') : '',
      s.pendingManifests ? `${s.pendingManifests} (${formatCount(s.pendingRows)} rows)` : '0',
      ...(withSkipped ? [s.skippedManifests ? `${s.skippedManifests} (${formatCount(s.skippedRows)} rows)` : '0'] : []),
      w ? w.load.status : '',
      lastRun(s),
      ...(withLag ? [lag(s), freshness(s)] : []),
      ...(withFuture ? [formatCount(s.futureRows)] : []),
      s.restorable ? describeRestorablePoint(s.restorable) : '',
      (w?.extract.lastError ?? w?.load.lastError ?? '').slice(0, 80),
    ];
  });
  const failed = failedStageLines(list);
  return formatColumns(header, rows) + (failed.length > 0 ? `\n\n${failed.join('\n')}` : '');
}

export function registerStatusCommand(program: Command): void {
  program
    .command('status')
    .description('every table: both stages, what waits to be loaded, last run and last error (exit 1 if any failed)')
    .option('-p, --pipeline <name>', 'only this pipeline')
    .option(
      '--lag',
      'also ask each source how far the cursor trails its newest row, and show how fresh recent loads were',
    )
    .option('--json', 'print as JSON')
    .action(async (flags: { pipeline?: string; lag?: boolean; json?: boolean }, command: Command) => {
      const pipeline = flags.pipeline === undefined ? undefined : parsePipelineName(flags.pipeline);
      const list = await withTidemark(command, (app) => app.get(TableStatuses).list({ pipeline, lag: flags.lag }));
      print(flags, list, describeStatuses);
      if (anyStageFailed(list)) process.exitCode = 1;
    });
}
