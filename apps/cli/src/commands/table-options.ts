import { Command, InvalidArgumentError, Option } from 'commander';
import { configuredTableKey, loadConfig, PipelineConfig } from '@tidemark/config';
import { parseTableId, parseTableKey, TableId } from '@tidemark/watermark-model';

export interface TableFlags {
  pipeline: string;
  table: string;
  json?: boolean;
}

export const TABLE_HELP = 'table as SCHEMA.TABLE or CONNECTION:SCHEMA.TABLE, or TABLE when one configured table has that name';

/** The parser of `-t` where a command works on one table: a second `-t` is refused, not silently dropped. */
export function oneTable(value: string, previous: string | undefined): string {
  if (previous !== undefined) {
    throw new InvalidArgumentError(
      `-t names one table here; it was given more than once ("${previous}", "${value}"): run the command once per table`,
    );
  }
  return value;
}

/** `-p PIPELINE -t TABLE [--json]`, the options every per-table command takes. */
export function tableCommand(parent: Command, name: string, description: string): Command {
  return perTableCommand(parent, name, description, true);
}

/** As tableCommand, with `-t` optional: for the commands whose old form without `-t` meant something else. */
export function optionalTableCommand(parent: Command, name: string, description: string): Command {
  return perTableCommand(parent, name, description, false);
}

function perTableCommand(parent: Command, name: string, description: string, tableRequired: boolean): Command {
  const command = parent.command(name).description(description).option('-p, --pipeline <name>', 'pipeline name', 'default');
  const table = new Option('-t, --table <key>', TABLE_HELP).argParser(oneTable);
  return command.addOption(tableRequired ? table.makeOptionMandatory() : table).option('--json', 'print as JSON');
}

/** The pipeline as the config names it, without connecting: the implicit `default` one lists no tables. */
export function configuredPipeline(command: Command, name: string): PipelineConfig {
  const config = loadConfig(command.optsWithGlobals<{ config: string }>().config);
  return config.pipelines[name] ?? { name, connection: 'default', tables: [] };
}

/** The table's id; an unscoped name (`orders`) is looked up among the pipeline's configured tables. */
export function tableIdOf(flags: { pipeline: string; table: string }, command: Command): TableId {
  const ref = parseTableKey(flags.table);
  if (ref.schema || ref.connection) return parseTableId(flags.pipeline, flags.table);
  return parseTableId(flags.pipeline, configuredTableKey(configuredPipeline(command, flags.pipeline), flags.table));
}

/** Prints JSON with --json, else the human form. */
export function print<T>(flags: { json?: boolean }, value: T, human: (v: T) => string): void {
  process.stdout.write((flags.json ? JSON.stringify(value, null, 2) : human(value)) + '\n');
}
