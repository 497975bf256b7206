import { Command } from 'commander';
import { stringify } from 'yaml';
import { checkConfig, formatProblem, loadConfig, maskSecrets, TidemarkConfig } from '@tidemark/config';
import { TidemarkError } from '@tidemark/errors';

const configDir = (command: Command) => command.optsWithGlobals<{ config: string }>().config;

function counts(config: TidemarkConfig) {
  const pipelines = Object.values(config.pipelines);
  return {
    connections: Object.keys(config.connections).length,
    pipelines: pipelines.length,
    tables: pipelines.reduce((sum, p) => sum + p.tables.length, 0),
  };
}

function validate(flags: { json?: boolean }, command: Command): void {
  const { config, problems } = checkConfig(configDir(command));
  if (flags.json) {
    process.stdout.write(
      JSON.stringify(config ? { valid: true, ...counts(config) } : { valid: false, problems }, null, 2) + '\n',
    );
    if (!config) process.exitCode = 1;
    return;
  }
  if (config) {
    const c = counts(config);
    process.stdout.write(`valid: ${c.connections} connections, ${c.pipelines} pipelines, ${c.tables} tables\n`);
    return;
  }
  for (const p of problems) process.stderr.write(formatProblem(p) + '\n');
  throw new TidemarkError('CONFIG', `the config is not valid: ${problems.length} problem(s)`);
}

function show(flags: { json?: boolean }, command: Command): void {
  const masked = maskSecrets(loadConfig(configDir(command)));
  process.stdout.write(flags.json ? JSON.stringify(masked, null, 2) + '\n' : stringify(masked));
}

export function registerConfigCommand(program: Command): void {
  const config = program.command('config').description('check or print the configuration');
  config
    .command('validate')
    .description('check every config file; list every problem with its file, line and key (exit 1 if any)')
    .option('--json', 'print as JSON')
    .action(validate);
  config
    .command('show')
    .description(
      'print the effective config (defaults filled in, paths resolved, variables replaced) with secrets masked',
    )
    .option('--json', 'print as JSON')
    .action(show);
}
