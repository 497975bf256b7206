import { parseMarkdown } from './markdown-blocks';
import { helpOptions, synopsisEntries } from './synopsis';
import { synopsisProblems } from './synopsis-check';

const block = (...lines: string[]) => parseMarkdown('docs/x.md', ['```bash', ...lines, '```'].join('\n')).blocks[0];

describe('synopsisEntries', () => {
  it('reads each usage, its indented continuation lines, command words and options', () => {
    expect(
      synopsisEntries(
        block(
          'tidemark sync   [-p PIPELINE] [--backup-only | --redshift-only]',
          '                [--parallel K]',
          'tidemark s3clean clean-all --older-than 7d   # deletes old files',
        ),
      ),
    ).toEqual([
      {
        line: 2,
        text: 'tidemark sync   [-p PIPELINE] [--backup-only | --redshift-only] [--parallel K]',
        command: ['sync'],
        options: ['-p', '--backup-only', '--redshift-only', '--parallel'],
      },
      {
        line: 4,
        text: 'tidemark s3clean clean-all --older-than 7d',
        command: ['s3clean', 'clean-all'],
        options: ['--older-than'],
      },
    ]);
  });
});

describe('synopsisProblems', () => {
  const HELP: Record<string, string> = {
    '': 'Usage: tidemark [options] [command]\n\nOptions:\n  -c, --config <dir>  configuration directory\n',
    sync: 'Usage: tidemark sync [options]\n\nOptions:\n  -p, --pipeline <name>  pipeline\n  --json  print as JSON\n',
  };
  const help = (command: string[]) => {
    const text = HELP[command.join(' ')];
    return text ? { status: 0, stdout: text, stderr: '' } : { status: 0, stdout: HELP[''], stderr: '' };
  };

  it('names commands and options the help does not show', () => {
    const entries = synopsisEntries(block('tidemark sync -p P --json --config D --fast', 'tidemark snyc', 'sync -p P'));
    expect(helpOptions(HELP['sync'])).toEqual(new Set(['-p', '--pipeline', '--json']));
    expect(synopsisProblems('docs/x.md', entries, help)).toEqual([
      'docs/x.md:2: `tidemark sync` has no option --fast',
      expect.stringMatching(/^docs\/x.md:3: `tidemark snyc` is not a command/),
      'docs/x.md:4: a synopsis line starts with `tidemark`: sync -p P',
    ]);
  });
});
