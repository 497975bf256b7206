import { join } from 'node:path';
import { Command } from 'commander';
import { writeExampleConfig } from '@tidemark/config';
import { badInput } from '@tidemark/errors';

/**
 * `tidemark init [DIR]`: a commented example config in DIR/config (without
 * DIR: the --config directory, ./config by default) that validates as written.
 */
export function registerInitCommand(program: Command): void {
  program
    .command('init')
    .description(
      'write a commented example config (stores, a MySQL connection, a pipeline) that works with local servers',
    )
    .argument('[dir]', 'project directory: the config goes to DIR/config (default: the --config directory)')
    .option('--force', 'replace the files of an existing config')
    .action((dir: string | undefined, flags: { force?: boolean }, command: Command) => {
      const configGiven = command.getOptionValueSourceWithGlobals('config') === 'cli';
      if (dir !== undefined && configGiven) throw badInput('give the project directory DIR or --config, not both');
      const target = dir === undefined ? command.optsWithGlobals<{ config: string }>().config : join(dir, 'config');
      const written = writeExampleConfig(target, { force: flags.force });
      const found = dir === undefined && !configGiven; // later commands find it with no --config
      const check = found ? 'tidemark config validate' : `tidemark --config ${target} config validate`;
      process.stdout.write(
        [
          'wrote:',
          ...written.map((file) => `  ${file}`),
          `next: edit them, set the variables they name (e.g. MYSQL_PASSWORD), then run \`${check}\``,
          '',
        ].join('\n'),
      );
    });
}
