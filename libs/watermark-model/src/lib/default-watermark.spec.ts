import { resolveDefaultStart, validateDefaultWatermark } from './default-watermark';

const now = new Date('2026-03-01T12:00:00.000Z');

describe('validateDefaultWatermark', () => {
  it('takes a past instant and a moment within the 5 minutes of clock skew', () => {
    expect(validateDefaultWatermark({ timestamp: '2025-01-01' }, now)).toEqual({
      timestamp: '2025-01-01 00:00:00.000000',
    });
    expect(validateDefaultWatermark({ timestamp: '2026-03-01T12:04:59Z' }, now)).toEqual({
      timestamp: '2026-03-01 12:04:59.000000',
    });
  });

  it.each(['2999-01-01', '2026-03-01T12:05:01Z'])('refuses %s, which is in the future, and says why', (timestamp) => {
    expect(() => validateDefaultWatermark({ timestamp }, now)).toThrow(
      /^default watermark \S+ \S+ is in the future \(now is 2026-03-01T12:00:00\.000Z, 5 minutes of clock skew allowed\): a table starting there would extract nothing/,
    );
  });
});

describe('resolveDefaultStart', () => {
  it('refuses to start a table at a stored instant that is in the future', () => {
    expect(() => resolveDefaultStart({ timestamp: '2999-01-01 00:00:00.000000' }, now)).toThrow(/is in the future/);
  });

  it('resolves a preset before the run', () => {
    expect(resolveDefaultStart({ preset: '1d' }, now)).toBe('2026-02-28 12:00:00.000000');
  });

  it("resolves the old tool's spelled-out presets", () => {
    expect(resolveDefaultStart({ preset: '6 hours' }, now)).toBe('2026-03-01 06:00:00.000000');
    expect(resolveDefaultStart({ preset: '30 minutes' }, now)).toBe('2026-03-01 11:30:00.000000');
  });
});
