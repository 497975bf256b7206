import { Command, Option } from 'commander';
import { TableJobs, TableRestores } from '@tidemark/sync';
import { describeRestored, describeRestoreStart, stagingLines } from '../output/restore-view';
import { intoTable, restoreTime } from './restore-options';
import { oneTable, TABLE_HELP } from './table-options';
import { withTidemark } from './with-tidemark';

interface RestoreFlags {
  pipeline: string;
  table: string;
  asOf?: string;
  into: { schema: string; table: string };
  json?: boolean;
}

/**
 * Builds another warehouse table from a table's backup in the object store:
 * as of a time, or as it is now. `reload --into` is the same without a time.
 */
export async function restoreIntoCommand(command: Command, flags: RestoreFlags): Promise<void> {
  await withTidemark(command, async (app) => {
    const jobs = app.get(TableJobs);
    const job = jobs.job(jobs.pipeline(flags.pipeline), flags.table);
    const restores = app.get(TableRestores);
    const into = `${flags.into.schema}.${flags.into.table}`;
    const log = flags.json ? process.stderr : process.stdout;
    const result = await restores.restoreInto(job, flags.into, flags.asOf, {
      onChecked: (check) => log.write(describeRestoreStart(job.target.key, check, into, flags.asOf) + '\n'),
      onStaged: stagingLines(process.stderr, job.target.key),
    });
    if (flags.json)
      process.stdout.write(
        JSON.stringify({ table: job.target.key, asOf: flags.asOf ?? null, ...result }, null, 2) + '\n',
      );
    else log.write(describeRestored(job.target.key, result) + '\n');
  });
}

export function registerRestoreCommand(program: Command): void {
  program
    .command('restore')
    .description(
      'build a table as it was at a time into another warehouse table, from the object store alone (no MySQL)',
    )
    .option('-p, --pipeline <name>', 'pipeline name', 'default')
    .requiredOption('-t, --table <key>', TABLE_HELP, oneTable)
    .addOption(
      new Option('--as-of <time>', 'restore as of this time (YYYY-MM-DD[ HH:MM[:SS]], UTC unless an offset is given)')
        .argParser(restoreTime)
        .makeOptionMandatory(),
    )
    .requiredOption(
      '--into <schema.table>',
      'the warehouse table to build (replaced when it exists; never a table a pipeline loads)',
      intoTable,
    )
    .option('--json', 'print the result as JSON on stdout')
    .action((flags: RestoreFlags, command: Command) => restoreIntoCommand(command, flags));
}
