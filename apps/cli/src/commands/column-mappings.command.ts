import { Command } from 'commander';
import { ColumnMappings, ColumnMappingView } from '@tidemark/sync';
import { formatColumns } from '../output/format';
import { oneTable, print, TABLE_HELP } from './table-options';
import { withTidemark } from './with-tidemark';

const renamed = (v: ColumnMappingView) => v.columns.filter((c) => c.source !== c.warehouse).length;

function describeList(views: ColumnMappingView[]): string {
  const rows = views.map((v) =>
    v.columns.length === 0
      ? [v.table, v.target, 'not loaded yet', '']
      : [v.table, v.target, String(v.columns.length), String(renamed(v))],
  );
  return formatColumns(['TABLE', 'WAREHOUSE TABLE', 'COLUMNS', 'RENAMED'], rows);
}

function describeTable([v]: ColumnMappingView[]): string {
  if (v.columns.length === 0) return `${v.table} → ${v.target}: not loaded yet, so no columns are mapped.`;
  const rows = v.columns.map((c) => [c.source, c.warehouse, c.type, c.source === c.warehouse ? '' : 'renamed']);
  return `${v.table} → ${v.target}\n${formatColumns(['SOURCE COLUMN', 'WAREHOUSE COLUMN', 'TYPE', ''], rows)}`;
}

export function registerColumnMappingsCommand(program: Command): void {
  const group = program
    .command('column-mappings')
    .description('how source column names map to warehouse column names (as the loads recorded them)');
  group
    .command('list')
    .description('every table of a pipeline: warehouse table, columns, and how many were renamed')
    .option('-p, --pipeline <name>', 'pipeline name', 'default')
    .option('--json', 'print as JSON')
    .action(async (flags: { pipeline: string; json?: boolean }, command: Command) => {
      const views = await withTidemark(command, (app) => app.get(ColumnMappings).list(flags.pipeline));
      print(flags, views, describeList);
    });
  group
    .command('show')
    .description("one table's columns: source name, warehouse name and type")
    .option('-p, --pipeline <name>', 'pipeline name', 'default')
    .requiredOption('-t, --table <key>', TABLE_HELP, oneTable)
    .option('--json', 'print as JSON')
    .action(async (flags: { pipeline: string; table: string; json?: boolean }, command: Command) => {
      const views = await withTidemark(command, (app) => app.get(ColumnMappings).list(flags.pipeline, flags.table));
      print(flags, views, describeTable);
    });
}
