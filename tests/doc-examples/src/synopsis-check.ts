import { CliResult } from './cli-binary';
import { helpOptions, SynopsisEntry } from './synopsis';

/**
 * What a synopsis names that the CLI does not have: each usage must start
 * with `tidemark`, name a (sub)command whose `--help` shows it, and only
 * options that help (or the global options) lists.
 */
export function synopsisProblems(
  doc: string,
  entries: SynopsisEntry[],
  help: (command: string[]) => CliResult,
): string[] {
  const global = helpOptions(help([]).stdout);
  return entries.flatMap((entry) => {
    const where = `${doc}:${entry.line}`;
    if (!entry.text.startsWith('tidemark '))
      return [`${where}: a synopsis line starts with \`tidemark\`: ${entry.text}`];
    const name = ['tidemark', ...entry.command].join(' ');
    const shown = help(entry.command);
    const usage = new RegExp(`^Usage: ${name}( |$)`, 'm');
    if (shown.status !== 0 || !usage.test(shown.stdout)) {
      return [`${where}: \`${name}\` is not a command (its --help says:\n${shown.stdout}${shown.stderr})`];
    }
    const known = helpOptions(shown.stdout);
    return entry.options
      .filter((option) => !known.has(option) && !global.has(option))
      .map((option) => `${where}: \`${name}\` has no option ${option}`);
  });
}
