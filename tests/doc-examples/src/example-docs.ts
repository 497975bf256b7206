import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MarkdownDoc, parseMarkdown } from './markdown-blocks';

/** README.md and every docs/**.md, sorted, so a new doc is covered as soon as it lands. */
export function exampleDocPaths(root: string): string[] {
  const docs = readdirSync(join(root, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.md'))
    .map((path) => join('docs', path).split('\\').join('/'))
    .sort();
  return ['README.md', ...docs];
}

export function readExampleDocs(root: string): MarkdownDoc[] {
  return exampleDocPaths(root).map((path) => parseMarkdown(path, readFileSync(join(root, path), 'utf8')));
}
