import { badInput } from '@tidemark/errors';

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** `30s`, `15m`, `12h`, `7d`, `2w` as milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+)([smhdw])$/.exec(text.trim());
  const ms = match ? Number(match[1]) * UNIT_SECONDS[match[2]] * 1000 : NaN;
  if (!Number.isSafeInteger(ms)) {
    throw badInput(`"${text}" is not a duration: use a whole number and one unit s, m, h, d or w (e.g. 30s, 7d)`);
  }
  return ms;
}
