import { oneTickAfter, oneTickBefore, precisionOf, truncateToPrecision } from './cursor-precision';
import { futureStart } from './future-rows';
import { safeCeiling, SourceClock } from './safe-ceiling';
import { strategyFor } from './strategies/strategy-for';

const clock = (now: string, oldestAgeSeconds: number | null = null): SourceClock => ({ now, openWrites: { oldestAgeSeconds } });

describe('cursor precision', () => {
  it('cuts, never rounds, to the column precision', () => {
    expect(truncateToPrecision('2026-01-01 10:00:05.999999', 0)).toBe('2026-01-01 10:00:05.000000');
    expect(truncateToPrecision('2026-01-01 10:00:05.123999', 3)).toBe('2026-01-01 10:00:05.123000');
    expect(truncateToPrecision('2026-01-01 10:00:05.123456', 6)).toBe('2026-01-01 10:00:05.123456');
  });

  it('steps one tick back and forward, carrying across seconds, days and years', () => {
    expect(oneTickBefore('2026-01-01 00:00:00.000000', 0)).toBe('2025-12-31 23:59:59.000000');
    expect(oneTickBefore('2026-01-01 00:00:00.000000', 3)).toBe('2025-12-31 23:59:59.999000');
    expect(oneTickBefore('2026-01-01 00:00:00.000000', 6)).toBe('2025-12-31 23:59:59.999999');
    expect(oneTickBefore('2026-01-01 10:00:05.123000', 3)).toBe('2026-01-01 10:00:05.122000');
    expect(oneTickAfter('2025-12-31 23:59:59.999999', 6)).toBe('2026-01-01 00:00:00.000000');
    expect(oneTickAfter('2025-12-31 23:59:59.000000', 0)).toBe('2026-01-01 00:00:00.000000');
    expect(oneTickAfter('2026-01-01 10:00:05.122000', 3)).toBe('2026-01-01 10:00:05.123000');
  });

  it('takes a missing or odd precision as microseconds', () => {
    expect([precisionOf(null), precisionOf(undefined), precisionOf(9), precisionOf(0), precisionOf(3)]).toEqual([6, 6, 6, 0, 3]);
  });
});

describe('safeCeiling', () => {
  const rule = { precision: 0, fallbackLagSeconds: 60 };

  it('stays one tick before the current second: a row written later in this second is above it', () => {
    expect(safeCeiling(clock('2026-01-01 10:00:05.400000'), rule)).toEqual({ notAfter: '2026-01-01 10:00:04.000000', limitedBy: 'clock' });
    expect(safeCeiling(clock('2026-01-01 10:00:05.400123'), { ...rule, precision: 6 }).notAfter).toBe('2026-01-01 10:00:05.400122');
    expect(safeCeiling(clock('2026-01-01 10:00:05.400123'), { ...rule, precision: 3 }).notAfter).toBe('2026-01-01 10:00:05.399000');
  });

  it('stays before the oldest write that may still commit', () => {
    expect(safeCeiling(clock('2026-01-01 10:00:05.400000', 30), rule)).toEqual({ notAfter: '2026-01-01 09:59:34.000000', limitedBy: 'open-write' });
  });

  it('falls back to a fixed lag when the source hides other sessions', () => {
    const hidden: SourceClock = { now: '2026-01-01 10:00:05.400000', openWrites: null };
    expect(safeCeiling(hidden, rule)).toEqual({ notAfter: '2026-01-01 09:59:04.000000', limitedBy: 'fallback-lag' });
  });

  it('subtracts lagSeconds from whatever limits it', () => {
    expect(safeCeiling(clock('2026-01-01 10:00:05.400000', 30), { ...rule, lagSeconds: 10 }).notAfter).toBe('2026-01-01 09:59:24.000000');
  });
});

describe('futureStart', () => {
  it('starts at the first value after now, inclusive for keyed strategies and exclusive for timestamp_only', () => {
    expect(futureStart(strategyFor('hybrid'), '2026-01-01 10:00:05.400000', 0)).toEqual({ timestamp: '2026-01-01 10:00:06.000000', primaryKey: null });
    expect(futureStart(strategyFor('timestamp_only'), '2026-01-01 10:00:05.400000', 0)).toEqual({ timestamp: '2026-01-01 10:00:05.000000', primaryKey: null });
  });
});
