import { Command } from 'commander';
import { registerBackupCommand } from './commands/backup.command';
import { registerColumnMappingsCommand } from './commands/column-mappings.command';
import { registerConfigCommand } from './commands/config.command';
import { registerInitCommand } from './commands/init.command';
import { registerManifestCommand } from './commands/manifest.command';
import { registerReloadCommand } from './commands/reload.command';
import { registerRestoreCommand } from './commands/restore.command';
import { registerResyncCommand } from './commands/resync.command';
import { registerS3cleanCommand } from './commands/s3clean.command';
import { registerStatusCommand } from './commands/status.command';
import { registerSyncCommand } from './commands/sync.command';
import { registerVerifyCommand } from './commands/verify.command';
import { registerWatermarkCountCommand } from './commands/watermark-count.command';
import { registerWatermarkCommand } from './commands/watermark.command';
import { VERSION_HELP } from './version';

export function buildProgram(): Command {
  const program = new Command('tidemark')
    .description('Incremental MySQL/MariaDB → Parquet on S3 → warehouse sync')
    .addHelpText('after', VERSION_HELP)
    .option('-c, --config <dir>', 'configuration directory', process.env['TIDEMARK_CONFIG'] ?? 'config')
    .option('--service <url>', 'use a running watermark service (token from TIDEMARK_API_TOKEN)', process.env['TIDEMARK_SERVICE_URL'])
    .showHelpAfterError()
    .exitOverride((err) => {
      process.exit(err.exitCode === 0 ? 0 : 2);
    });
  registerSyncCommand(program);
  registerBackupCommand(program);
  registerResyncCommand(program);
  registerReloadCommand(program);
  registerRestoreCommand(program);
  registerWatermarkCommand(program);
  registerWatermarkCountCommand(program);
  registerStatusCommand(program);
  registerS3cleanCommand(program);
  registerVerifyCommand(program);
  registerInitCommand(program);
  registerConfigCommand(program);
  registerColumnMappingsCommand(program);
  registerManifestCommand(program);
  return program;
}
