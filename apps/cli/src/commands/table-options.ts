import { Command } from 'commander';
import { parseTableId, TableId } from '@tidemark/watermark-model';

export interface TableFlags {
  pipeline: string;
  table: string;
  json?: boolean;
}

/** `-p PIPELINE -t TABLE [--json]`, the options every per-table command takes. */
export function tableCommand(parent: Command, name: string, description: string): Command {
  return parent
    .command(name)
    .description(description)
    .option('-p, --pipeline <name>', 'pipeline name', 'default')
    .requiredOption('-t, --table <key>', 'table as SCHEMA.TABLE or CONNECTION:SCHEMA.TABLE')
    .option('--json', 'print as JSON');
}

export const tableIdOf = (flags: TableFlags): TableId => parseTableId(flags.pipeline, flags.table);

/** Prints JSON with --json, else the human form. */
export function print<T>(flags: { json?: boolean }, value: T, human: (v: T) => string): void {
  process.stdout.write((flags.json ? JSON.stringify(value, null, 2) : human(value)) + '\n');
}
