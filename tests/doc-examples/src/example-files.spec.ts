import { configDirectories, configPath, docLineOf, exampleFiles, requiredVariables } from './example-files';
import { parseMarkdown } from './markdown-blocks';

const blocks = (...lines: string[]) => parseMarkdown('README.md', lines.join('\n')).blocks;

describe('exampleFiles', () => {
  it('takes the file the fence names', () => {
    const [file] = exampleFiles(blocks('```yaml config/tidemark.yml', 'a: 1', '```')[0]);
    expect(file).toMatchObject({ name: 'config/tidemark.yml', text: 'a: 1', line: 2 });
  });

  it('starts a file at each comment naming one, so a block may show several', () => {
    const files = exampleFiles(
      blocks(
        '```yaml',
        '# config/tidemark.yml',
        'a: 1',
        '',
        '# config/connections/shop.yml  (one file per connection)',
        'host: h',
        '```',
      )[0],
    );
    expect(files.map((f) => [f.name, f.line, f.text])).toEqual([
      ['config/tidemark.yml', 2, '# config/tidemark.yml\na: 1\n'],
      ['config/connections/shop.yml', 5, '# config/connections/shop.yml  (one file per connection)\nhost: h'],
    ]);
  });

  it('reports content before any name as an unnamed file, but not comments alone', () => {
    expect(exampleFiles(blocks('```yaml', 'host: h', '```')[0]).map((f) => f.name)).toEqual([undefined]);
    expect(
      exampleFiles(blocks('```yaml', '# just a note', '# config/a.yml', 'x: 1', '```')[0]).map((f) => f.name),
    ).toEqual(['config/a.yml']);
  });
});

describe('config files', () => {
  const files = blocks(
    '```yaml',
    '# config/tidemark.yml',
    'a: 1',
    '# config/pipelines/p.yml',
    'b: 2',
    '```',
    '```yaml docs/other.yml',
    'c: 3',
    '```',
    '```yaml .tidemark/demo/config/pipelines/p.yml',
    'password: "${DB_PASSWORD}" # ${OPTIONAL:-x} ${DB_PASSWORD}',
    '```',
  ).flatMap((b) => exampleFiles(b));

  it('have a path inside the config directory', () => {
    expect(files.map(configPath)).toEqual(['tidemark.yml', 'pipelines/p.yml', undefined, 'pipelines/p.yml']);
  });

  it('are grouped into directories: a second example of one path starts a new one', () => {
    const configFiles = files.filter((f) => configPath(f));
    expect(configDirectories(configFiles).map((d) => d.map((f) => f.line))).toEqual([[2, 4], [11]]);
  });

  it('map a file line back to its doc line', () => {
    expect(docLineOf(files.slice(0, 2), 'pipelines/p.yml', 2)).toBe('README.md:5');
    expect(docLineOf(files.slice(0, 2), 'connections/default.yml', 1)).toBeUndefined();
  });

  it('need the variables without a default', () => {
    expect(requiredVariables(files[3].text)).toEqual(['DB_PASSWORD']);
  });
});
