import { CodeBlock } from './markdown-blocks';

/** A file shown by a yaml or json block. */
export interface ExampleFile {
  /** The name the doc gives it (`config/pipelines/shop.yml`); undefined when it names none. */
  name?: string;
  text: string;
  /** Doc line of the file's first line. */
  line: number;
  block: CodeBlock;
}

/** `# config/connections/shop.yml  (one file per connection)`: a comment naming a file by its path. */
const NAMING_COMMENT = /^#\s+((?:[\w.-]+\/)+[\w.-]+\.(?:ya?ml|json))(?:\s|$)/;

/**
 * The files of a block: the file the fence names (```yaml config/tidemark.yml),
 * else one file per naming comment line (the first line, or any later line:
 * one block may show several files). Text before the first naming comment is
 * a file without a name, unless it is only blank and comment lines.
 */
export function exampleFiles(block: CodeBlock): ExampleFile[] {
  const firstLine = block.line + 1;
  if (block.name) return [{ name: block.name, text: block.body.join('\n'), line: firstLine, block }];
  const files: ExampleFile[] = [];
  let current: ExampleFile = { text: '', line: firstLine, block };
  const lines: string[] = [];
  const close = () => {
    current.text = lines.join('\n');
    const unnamedAndEmpty = !current.name && lines.every((l) => /^\s*(#.*)?$/.test(l));
    if (!unnamedAndEmpty) files.push(current);
    lines.length = 0;
  };
  block.body.forEach((content, index) => {
    const named = NAMING_COMMENT.exec(content);
    if (named) {
      close();
      current = { name: named[1], text: '', line: firstLine + index, block };
    }
    lines.push(content);
  });
  close();
  return files;
}

/** The path inside the config directory of a file named `…config/PATH`, else undefined. */
export function configPath(file: ExampleFile): string | undefined {
  return file.name ? /(?:^|\/)config\/(.+\.ya?ml)$/.exec(file.name)?.[1] : undefined;
}

/**
 * Config files grouped into config directories, in doc order: a file joins
 * the current directory unless it already holds that path (a later example of
 * the same file), which starts a new one.
 */
export function configDirectories(files: ExampleFile[]): ExampleFile[][] {
  const directories: ExampleFile[][] = [];
  let current: ExampleFile[] = [];
  for (const file of files) {
    if (current.some((f) => configPath(f) === configPath(file))) {
      directories.push(current);
      current = [];
    }
    current.push(file);
  }
  if (current.length) directories.push(current);
  return directories;
}

/** The `${NAME}` variables a text needs (those with a `:-default` need nothing). */
export function requiredVariables(text: string): string[] {
  return [...new Set([...text.matchAll(/\$\{([A-Za-z_]\w*)\}/g)].map((m) => m[1]))];
}

/** Doc line of line `fileLine` (from 1) of a config file, or undefined when no example shows it. */
export function docLineOf(files: ExampleFile[], path: string, fileLine: number): string | undefined {
  const file = files.find((f) => configPath(f) === path);
  return file && `${file.block.doc}:${file.line + fileLine - 1}`;
}
