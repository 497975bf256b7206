import { parseMarkdown } from './markdown-blocks';
import { shellLines } from './shell-lines';
import { commandWords, splitCommands, stripComment } from './shell-words';

const lines = (language: string, ...body: string[]) =>
  shellLines(parseMarkdown('README.md', ['```' + language, ...body, '```'].join('\n')).blocks[0]);

describe('shellLines', () => {
  it('joins continuations, drops comments and reads `# exit N`', () => {
    expect(
      lines(
        'bash',
        '# a comment line',
        '',
        'TIDEMARK_CONFIG=x PORT=3100 \\',
        '  node dist/apps/watermark-service/main.js &',
        'tidemark sync -t "a #b" # what it does',
        'tidemark verify -t shop.orders   # exit 1',
        'tidemark status && tidemark sync',
      ),
    ).toEqual([
      {
        line: 4,
        text: 'TIDEMARK_CONFIG=x PORT=3100 node dist/apps/watermark-service/main.js',
        expectedExit: 0,
        background: true,
      },
      { line: 6, text: 'tidemark sync -t "a #b"', expectedExit: 0, background: false },
      { line: 7, text: 'tidemark verify -t shop.orders', expectedExit: 1, background: false },
      { line: 8, text: 'tidemark status && tidemark sync', expectedExit: 0, background: false },
    ]);
  });

  it('takes only `$ ` lines of a console block as commands', () => {
    expect(lines('console', '$ tidemark status', 'TABLE  STATUS', '$ tidemark sync # exit 1', 'error: …')).toEqual([
      { line: 2, text: 'tidemark status', expectedExit: 0, background: false },
      { line: 4, text: 'tidemark sync', expectedExit: 1, background: false },
    ]);
  });
});

describe('shell words', () => {
  it('split lists and pipelines outside quotes', () => {
    expect(splitCommands(`npm install && npm run demo; a | b || "c && d"`)).toEqual([
      'npm install',
      'npm run demo',
      'a',
      'b',
      '"c && d"',
    ]);
  });

  it('separate leading assignments from the command words', () => {
    expect(commandWords(`A=1 B="x y" node 'a b' c\\ d`)).toEqual({
      env: { A: '1', B: 'x y' },
      words: ['node', 'a b', 'c d'],
    });
  });

  it('find a comment only after whitespace and outside quotes', () => {
    expect(stripComment(`curl http://h/#x 'a # b' # note`)).toEqual({
      code: `curl http://h/#x 'a # b'`,
      comment: '# note',
    });
    expect(stripComment('tidemark status')).toEqual({ code: 'tidemark status' });
  });
});
