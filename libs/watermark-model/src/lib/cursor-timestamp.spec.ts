import { canonicalFromDate, canonicalTimestamp, millisFromCanonical, parseUserTimestamp, shiftMinutes } from './cursor-timestamp';

describe('canonicalTimestamp', () => {
  it('keeps all six fractional digits', () => {
    expect(canonicalTimestamp('2025-08-01 10:00:00.123456')).toBe('2025-08-01 10:00:00.123456');
  });
  it('pads shorter precisions so string order is time order', () => {
    expect(canonicalTimestamp('2025-08-01 10:00:00')).toBe('2025-08-01 10:00:00.000000');
    expect(canonicalTimestamp('2025-08-01 10:00:00.5')).toBe('2025-08-01 10:00:00.500000');
    expect(canonicalTimestamp('2025-08-01 10:00:00.000001') > canonicalTimestamp('2025-08-01 10:00:00')).toBe(true);
  });
  it.each(['0000-00-00 00:00:00', '2025-02-30 00:00:00', '2025-08-01 24:00:00', 'None', ''])('refuses %j', (v) => {
    expect(() => canonicalTimestamp(v)).toThrow(/invalid timestamp/);
  });
});

describe('parseUserTimestamp', () => {
  it('reads a date alone as midnight UTC', () => {
    expect(parseUserTimestamp('2025-08-01')).toBe('2025-08-01 00:00:00.000000');
  });
  it('converts an offset to UTC without losing microseconds', () => {
    expect(parseUserTimestamp('2025-08-01T02:30:00.123456+02:30')).toBe('2025-08-01 00:00:00.123456');
    expect(parseUserTimestamp('2025-08-01 10:00:00.000001Z')).toBe('2025-08-01 10:00:00.000001');
  });
  it.each(['None', 'null', '', '0000-00-00', 'yesterday', '2025-13-01'])('refuses %j', (v) => {
    expect(() => parseUserTimestamp(v)).toThrow(/invalid timestamp/);
  });
  it.each(['0000-00-00 00:00:00', '2025-02-30T10:00'])('quotes %j as typed when there is no such instant', (v) => {
    expect(() => parseUserTimestamp(v)).toThrow(`invalid timestamp "${v}": no such date or time`);
  });
  it.each([
    ['+14:00', '2025-07-31 10:00:00.000000'],
    ['-12:00', '2025-08-01 12:00:00.000000'],
    ['+05:45', '2025-07-31 18:15:00.000000'],
    ['-0930', '2025-08-01 09:30:00.000000'],
  ])('takes the real offset %s', (offset, utc) => {
    expect(parseUserTimestamp(`2025-08-01T00:00:00${offset}`)).toBe(utc);
  });
  it.each(['+99:00', '+23:60', '+14:01', '-12:01', '+0560', '-99:99'])('refuses the impossible offset %s', (offset) => {
    expect(() => parseUserTimestamp(`2025-08-01T00:00:00${offset}`)).toThrow(
      `invalid UTC offset "${offset}" in "2025-08-01T00:00:00${offset}": offsets run from -12:00 to +14:00, minutes below 60`,
    );
  });
});

describe('shiftMinutes', () => {
  it('crosses a day boundary and keeps the microseconds', () => {
    expect(shiftMinutes('2025-12-31 23:30:00.000007', 45)).toBe('2026-01-01 00:15:00.000007');
  });
});

describe('millisFromCanonical', () => {
  it('reads a canonical UTC timestamp as epoch milliseconds', () => {
    expect(millisFromCanonical('2025-08-01 10:00:00.250000')).toBe(Date.UTC(2025, 7, 1, 10, 0, 0, 250));
    expect(millisFromCanonical('2025-08-01 10:00:00')).toBe(Date.UTC(2025, 7, 1, 10, 0, 0));
  });
  it('drops the microseconds instead of rounding up, before and after 1970', () => {
    expect(millisFromCanonical('2025-12-31 23:59:59.999999')).toBe(Date.UTC(2025, 11, 31, 23, 59, 59, 999));
    expect(millisFromCanonical('1969-12-31 23:59:59.999500')).toBe(-1);
  });
  it('is the inverse of canonicalFromDate', () => {
    const at = new Date(Date.UTC(2024, 1, 29, 12, 34, 56, 789));
    expect(millisFromCanonical(canonicalFromDate(at))).toBe(at.getTime());
  });
  it.each(['2025-08-01T10:00:00Z', '2025-02-30 00:00:00', 'None', ''])('refuses %j', (v) => {
    expect(() => millisFromCanonical(v)).toThrow(/invalid timestamp/);
  });
});
