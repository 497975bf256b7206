import { Command } from 'commander';
import { addTableRunOptions, runTablesCommand, TableRunFlags } from './sync.command';

/** The old tool's `backup`: `sync --backup-only` under its old name, with the same options minus the load ones. */
export function registerBackupCommand(program: Command): void {
  const backup = program
    .command('backup')
    .description('extract new and changed rows to Parquet files and manifests (sync --backup-only)');
  addTableRunOptions(backup).action((flags: TableRunFlags, command: Command) =>
    runTablesCommand(command, 'backup', flags, { extract: true, load: false }),
  );
}
