import { planBlock } from './block-plan';
import { parseMarkdown } from './markdown-blocks';

const plans = (...lines: string[]) => parseMarkdown('docs/x.md', lines.join('\n')).blocks.map(planBlock);

describe('planBlock', () => {
  it('runs shell blocks and checks synopses, files and fragments', () => {
    expect(
      plans(
        '```sh',
        'tidemark status',
        '```',
        '<!-- example: synopsis -->',
        '```bash',
        'tidemark status [--lag]',
        '```',
        '```yaml config/tidemark.yml',
        'a: 1',
        '```',
        '<!-- example: fragment (the warehouse part of tidemark.yml) -->',
        '```yaml',
        'warehouse: {}',
        '```',
        '```json',
        '{"statusCode": 400}',
        '```',
      ).map((p) => p.kind),
    ).toEqual(['shell', 'synopsis', 'files', 'fragment', 'files']);
  });

  it('shows output and diagrams, and lists not run blocks with their reason', () => {
    expect(
      plans(
        '```',
        'out',
        '```',
        '```text',
        'out',
        '```',
        '<!-- example: not run (needs Redshift) -->',
        '```sql',
        'COPY',
        '```',
      ),
    ).toEqual([{ kind: 'shown' }, { kind: 'shown' }, { kind: 'not run', reason: 'needs Redshift' }]);
  });

  it('cannot handle an unnamed YAML file, another language, or a mark on the wrong block', () => {
    const problems = plans(
      '```yaml',
      'host: h',
      '```',
      '```sql',
      'SELECT 1',
      '```',
      '<!-- example: synopsis -->',
      '```yaml config/a.yml',
      '```',
      '<!-- example: not run -->',
      '```bash',
      '```',
    ).map((p) => (p.kind === 'problem' ? p.problem : p.kind));
    expect(problems).toEqual([
      expect.stringMatching(/^line 2: name the file/),
      expect.stringMatching(/mark this sql block/),
      expect.stringMatching(/a synopsis is a shell block/),
      expect.stringMatching(/needs its reason/),
    ]);
  });
});
