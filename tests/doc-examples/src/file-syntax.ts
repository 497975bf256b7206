import { parseAllDocuments } from 'yaml';
import { ExampleFile } from './example-files';

/** A YAML or JSON syntax error of a file, with its doc line, or undefined. */
export function syntaxProblem(file: ExampleFile): string | undefined {
  const where = `${file.block.doc}:${file.line}${file.name ? ` (${file.name})` : ''}`;
  const json = file.name ? file.name.endsWith('.json') : file.block.language === 'json';
  if (json) {
    try {
      JSON.parse(file.text);
      return undefined;
    } catch (error) {
      return `${where}: not valid JSON: ${(error as Error).message}`;
    }
  }
  const errors = parseAllDocuments(file.text).flatMap((doc) => ('errors' in doc ? doc.errors : []));
  return errors.length ? `${where}: not valid YAML: ${errors.map((e) => e.message).join('; ')}` : undefined;
}
