import { Command } from 'commander';
import { registerSyncCommand } from './commands/sync.command';
import { registerWatermarkCommand } from './commands/watermark.command';

export function buildProgram(): Command {
  const program = new Command('tidemark')
    .description('Incremental MySQL/MariaDB → Parquet on S3 → warehouse sync')
    .option('-c, --config <dir>', 'configuration directory', process.env.TIDEMARK_CONFIG ?? 'config')
    .showHelpAfterError()
    .exitOverride((err) => {
      process.exit(err.exitCode === 0 ? 0 : 2);
    });
  registerSyncCommand(program);
  registerWatermarkCommand(program);
  return program;
}
