import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { badInput } from '@tidemark/errors';
import { formatTableKey, parseTableKey } from '@tidemark/watermark-model';

/**
 * One file given to `watermark import`, as a document the watermark API reads.
 * The old tool's `last_run_timestamp.txt` holds one timestamp and no table:
 * it becomes `{ last_run_timestamp }` (the table must come from -t).
 */
export function readImportFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw badInput(`cannot read ${path}: ${(error as Error).message}`);
  }
  if (path.endsWith('.txt')) {
    const lines = text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '');
    if (lines.length !== 1)
      throw badInput(`expected one timestamp in a .txt watermark file, got ${lines.length} lines`);
    return { last_run_timestamp: lines[0] };
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badInput(`not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * The table a file's name gives, for old-tool files without `table_name`:
 * `SCHEMA.TABLE.json` or `CONN:SCHEMA.TABLE.json` (as the old tool named them
 * under watermarks/). Anything else names no table.
 */
export function tableFromFileName(path: string): string | undefined {
  const name = basename(path).replace(/\.json$/, '');
  if (name === basename(path) || !name.includes('.')) return undefined;
  try {
    return formatTableKey(parseTableKey(name));
  } catch {
    return undefined;
  }
}
