import { Command } from 'commander';
import { registerStatusCommand } from './commands/status.command';
import { registerSyncCommand } from './commands/sync.command';
import { registerWatermarkCountCommand } from './commands/watermark-count.command';
import { registerWatermarkCommand } from './commands/watermark.command';

export function buildProgram(): Command {
  const program = new Command('tidemark')
    .description('Incremental MySQL/MariaDB → Parquet on S3 → warehouse sync')
    .option('-c, --config <dir>', 'configuration directory', process.env['TIDEMARK_CONFIG'] ?? 'config')
    .option('--service <url>', 'use a running watermark service (token from TIDEMARK_API_TOKEN)', process.env['TIDEMARK_SERVICE_URL'])
    .showHelpAfterError()
    .exitOverride((err) => {
      process.exit(err.exitCode === 0 ? 0 : 2);
    });
  registerSyncCommand(program);
  registerWatermarkCommand(program);
  registerWatermarkCountCommand(program);
  registerStatusCommand(program);
  return program;
}
