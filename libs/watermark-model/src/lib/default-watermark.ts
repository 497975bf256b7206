import { badInput } from '@tidemark/errors';
import { FUTURE_TOLERANCE_MINUTES, isInFuture } from './cursor-input';
import { canonicalFromDate, parseUserTimestamp } from './cursor-timestamp';

/**
 * Where a table with no watermark starts: a time relative to the run
 * (`1d`, `12h`, `1week`, `1month`, and the old tool's spelled-out `6 hours`,
 * `30 minutes`) or an absolute instant. None set: the
 * beginning of the table.
 */
export type DefaultWatermark = { preset: string } | { timestamp: string };

const UNITS: Record<string, number> = {
  m: 60_000,
  min: 60_000,
  minute: 60_000,
  h: 3_600_000,
  hour: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  w: 604_800_000,
  week: 604_800_000,
};
const PRESET = /^(\d{1,4})\s*(m|min|minute|h|hour|d|day|w|week|month)s?$/;

/** A default start after `now` would make every new table extract nothing: refused wherever one is set or used. */
function refuseFuture(timestamp: string, now: Date): string {
  if (isInFuture(timestamp, now)) {
    throw badInput(
      `default watermark ${timestamp} is in the future (now is ${now.toISOString()}, ` +
        `${FUTURE_TOLERANCE_MINUTES} minutes of clock skew allowed): a table starting there would extract nothing; ` +
        'give a past timestamp or a preset such as 1d',
    );
  }
  return timestamp;
}

export function validateDefaultWatermark(value: DefaultWatermark, now = new Date()): DefaultWatermark {
  if ('preset' in value) {
    if (!PRESET.test(value.preset)) {
      throw badInput(`invalid default watermark preset "${value.preset}": use e.g. 12h, 1d, 1week, 1month`);
    }
    return { preset: value.preset };
  }
  return { timestamp: refuseFuture(parseUserTimestamp(value.timestamp), now) };
}

/** The canonical UTC start for a run beginning at `now`. */
export function resolveDefaultStart(value: DefaultWatermark, now: Date): string {
  if ('timestamp' in value) return refuseFuture(value.timestamp, now);
  const [, amount, unit] = PRESET.exec(value.preset) as RegExpExecArray;
  const start = new Date(now);
  if (unit === 'month') start.setUTCMonth(start.getUTCMonth() - Number(amount));
  else start.setTime(start.getTime() - Number(amount) * UNITS[unit]);
  return canonicalFromDate(start);
}
