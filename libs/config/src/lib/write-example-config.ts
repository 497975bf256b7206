import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { conflict } from '@tidemark/errors';
import { EXAMPLE_CONFIG } from './example-config';

/**
 * Writes the example config into `dir` and returns the files written. An
 * existing file is never replaced without `force`: then nothing is written.
 */
export function writeExampleConfig(dir: string, options: { force?: boolean } = {}): string[] {
  const files = Object.keys(EXAMPLE_CONFIG).map((relative) => join(dir, relative));
  const existing = files.filter((f) => existsSync(f));
  if (existing.length && !options.force) {
    throw conflict(
      `a config already exists: ${existing.join(', ')} (nothing was written; add --force to replace these files)`,
    );
  }
  for (const [relative, text] of Object.entries(EXAMPLE_CONFIG)) {
    const path = join(dir, relative);
    mkdirSync(dirname(path), { recursive: true });
    // 'wx' fails on a file created since the check above, so a race cannot overwrite it either.
    writeFileSync(path, text, { flag: options.force ? 'w' : 'wx' });
  }
  return files;
}
