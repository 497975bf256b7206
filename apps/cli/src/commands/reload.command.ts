import { Command } from 'commander';
import { badInput } from '@tidemark/errors';
import { TableRestores } from '@tidemark/sync';
import { formatCount } from '../output/format';
import { restoreIntoCommand } from './restore.command';
import { intoTable } from './restore-options';
import { addTableSelectionOptions, runTables, selectedJobs, TableSelectionFlags } from './sync.command';
import { cliActor, withTidemark } from './with-tidemark';

interface ReloadFlags extends TableSelectionFlags {
  into?: { schema: string; table: string };
  yes?: boolean;
}

/**
 * Rebuilds each table's target from its backup in the object store: every
 * table is checked first (a missing file refuses the whole command, nothing
 * changed), then each is reset to rebuild, then one load-only run replaces
 * each target in one transaction — the run `sync --redshift-only` makes after
 * `watermark reset --redshift-only`.
 */
async function reloadInPlace(command: Command, flags: ReloadFlags): Promise<void> {
  await withTidemark(command, async (app) => {
    const restores = app.get(TableRestores);
    const plans = await restores.planReloads(selectedJobs(app, flags));
    const log = flags.json ? process.stderr : process.stdout;
    for (const { job, check } of plans) {
      log.write(
        `${job.target.key}: rebuilds ${job.target.targetSchema}.${job.target.targetTable} from ${formatCount(check.chain.length)} manifest(s) in the object store\n`,
      );
    }
    if (!flags.yes) throw badInput('a reload replaces each table named above: add --yes to confirm');
    await restores.requestReloads(plans, cliActor());
    await runTables(app, 'reload', flags, { extract: false, load: true });
  });
}

export function registerReloadCommand(program: Command): void {
  const reload = program
    .command('reload')
    .description('rebuild warehouse tables from the Parquet files and manifests in the object store (no MySQL)');
  addTableSelectionOptions(reload)
    .option(
      '--into <schema.table>',
      'build this other table instead (one table only); the table itself is left alone',
      intoTable,
    )
    .option('--yes', 'confirm: each table is replaced by what the object store holds')
    .action((flags: ReloadFlags, command: Command) => {
      if (!flags.into) return reloadInPlace(command, flags);
      if (flags.table?.length !== 1) throw badInput('--into builds one table: name it with exactly one -t');
      return restoreIntoCommand(command, {
        pipeline: flags.pipeline,
        table: flags.table[0],
        into: flags.into,
        json: flags.json,
      });
    });
}
