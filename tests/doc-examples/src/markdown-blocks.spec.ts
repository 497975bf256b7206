import { markProblem, parseMarkLine } from './example-marks';
import { parseMarkdown } from './markdown-blocks';

const md = (...lines: string[]) => parseMarkdown('docs/x.md', lines.join('\n'));

describe('parseMarkdown', () => {
  it('finds fenced blocks with their line, language, file name and body', () => {
    const doc = md('# Title', '', '```yaml config/tidemark.yml', 'a: 1', '```', 'text', '~~~', 'plain', '~~~');
    expect(doc.blocks).toEqual([
      { doc: 'docs/x.md', line: 3, language: 'yaml', name: 'config/tidemark.yml', body: ['a: 1'] },
      { doc: 'docs/x.md', line: 7, language: '', body: ['plain'] },
    ]);
  });

  it('removes a list item fence indentation from the body and keeps inner fences of a longer fence', () => {
    const doc = md(
      '- item',
      '  ```Bash',
      '  tidemark status',
      '    indented',
      '  ```',
      '````text',
      '```bash',
      'x',
      '```',
      '````',
    );
    expect(doc.blocks.map((b) => [b.language, b.body])).toEqual([
      ['bash', ['tidemark status', '  indented']],
      ['text', ['```bash', 'x', '```']],
    ]);
  });

  it('attaches the example mark before a fence, across blank lines, and reports stray marks', () => {
    const doc = md(
      '<!-- example: not run (needs Redshift) -->',
      '',
      '```bash',
      '<!-- example: synopsis -->',
      '```',
      '<!-- example: synopsis -->',
      'a paragraph',
      '<!-- example: fragment (part of a file) -->',
    );
    expect(doc.blocks).toHaveLength(1);
    expect(doc.blocks[0].mark).toEqual({ line: 1, kind: 'not run', reason: 'needs Redshift' });
    expect(doc.blocks[0].body).toEqual(['<!-- example: synopsis -->']);
    expect(doc.strayMarks.map((m) => m.line)).toEqual([6, 8]);
  });

  it('runs an unclosed fence to the end of the document', () => {
    expect(md('```sh', 'tidemark status').blocks[0].body).toEqual(['tidemark status']);
  });
});

describe('example marks', () => {
  it('read kind and reason, nested parentheses included', () => {
    expect(parseMarkLine('<!-- example: not run (needs a cluster (EKS)) -->', 4)).toEqual({
      line: 4,
      kind: 'not run',
      reason: 'needs a cluster (EKS)',
    });
    expect(parseMarkLine('<!-- a comment -->', 1)).toBeUndefined();
  });

  it('need a known kind, and a reason unless a synopsis', () => {
    const problem = (text: string) => markProblem(parseMarkLine(text, 1) ?? { line: 1, kind: '?', reason: '' });
    expect(problem('<!-- example: synopsis -->')).toBeUndefined();
    expect(problem('<!-- example: not run (needs docker) -->')).toBeUndefined();
    expect(problem('<!-- example: not run -->')).toMatch(/needs its reason in parentheses/);
    expect(problem('<!-- example: fragment () -->')).toMatch(/needs its reason/);
    expect(problem('<!-- example: skip (slow) -->')).toMatch(/unknown example mark "skip"/);
  });
});
