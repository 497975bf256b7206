import { TableJob } from '@tidemark/sync';
import { TableResync, Watermark } from '@tidemark/watermark-model';
import { formatCount } from './format';

type LoadMode = TableJob['loadMode'];

/** One table of a resync, as planned (without --yes) or as done. */
export interface ResyncLine {
  table: string;
  loadMode: LoadMode;
  before: Watermark | null;
  superseded: TableResync['superseded'];
}

const REPLACED: Record<LoadMode, string> = {
  merge: 'emptied and refilled inside its load transaction (views on it stay)',
  append: 'emptied and refilled inside its load transaction (views on it stay)',
  full_sync: 'built aside and swapped in inside its load transaction',
};

function counts(before: Watermark | null): string {
  if (!before) return 'never synced';
  return `${formatCount(before.extract.rowsExtracted)} rows extracted, ${formatCount(before.load.rowsLoaded)} loaded`;
}

function superseded({ manifests, rows }: TableResync['superseded']): string {
  return `${formatCount(manifests)} manifest(s) of ${formatCount(rows)} rows`;
}

/** What `resync` without --yes would do, table by table; it changes nothing. */
export function describeResyncPlan(pipeline: string, lines: ResyncLine[]): string {
  return [
    `resync would start over ${lines.length} table(s) of pipeline ${pipeline}, then sync them in one run:`,
    ...lines.map(
      (l) =>
        `  ${l.table} (${l.loadMode}): ${counts(l.before)} would restart from 0; ${superseded(l.superseded)} would become superseded (kept, never loaded again); a full extract follows and the target is ${REPLACED[l.loadMode]}`,
    ),
  ].join('\n');
}

/** What `resync` did to one table, before its sync runs. */
export function describeResyncDone(l: ResyncLine): string {
  return `reset ${l.table} (${l.loadMode}): was ${counts(l.before)}; ${superseded(l.superseded)} superseded; its target is ${REPLACED[l.loadMode]}`;
}
