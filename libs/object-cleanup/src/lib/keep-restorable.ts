import { badInput } from '@tidemark/errors';
import { parseDuration } from './duration';

/**
 * `--keep-restorable`: which registered files a clean keeps for `reload` and
 * `restore`. `all`: every restore point; a window: the current state and
 * every point in the window; `none`: nothing beyond today's rules.
 */
export type KeepRestorable = { kind: 'all' } | { kind: 'none' } | { kind: 'window'; ms: number; text: string };

export const KEEP_ALL: KeepRestorable = { kind: 'all' };

export function parseKeepRestorable(text: string): KeepRestorable {
  const value = text.trim();
  if (value === 'all' || value === 'none') return { kind: value };
  try {
    return { kind: 'window', ms: parseDuration(value), text: value };
  } catch {
    throw badInput(
      `"${text}" is not a retention for restore: use all (every restore point), none (keep nothing for restore), or a duration such as 30d`,
    );
  }
}

export function keepRestorableText(k: KeepRestorable): string {
  return k.kind === 'window' ? k.text : k.kind;
}
