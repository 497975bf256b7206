import { minimatch } from 'minimatch';
import { badInput } from '@tidemark/errors';

/**
 * A glob over keys relative to the table's prefix (`2025/11/21/x.parquet`).
 * A pattern without `/` matches the file name alone, so `*.manifest.json`
 * means every manifest whatever its day folder. No pattern matches all.
 */
export function keyPatternMatcher(pattern?: string): (relativeKey: string) => boolean {
  if (pattern === undefined) return () => true;
  if (pattern.trim() === '') throw badInput('--pattern is empty: give a glob such as "*.parquet" or "2025/01/**"');
  return (relativeKey) => minimatch(relativeKey, pattern, { dot: true, matchBase: true });
}
