import { rowRanges } from './row-ranges';

describe('rowRanges', () => {
  it('cuts rows into consecutive ranges that cover every row once and differ by at most one row', () => {
    for (const [rows, parts] of [[10, 4], [12, 4], [1_000_003, 16], [5, 1], [7, 7]]) {
      const ranges = rowRanges(rows, parts);
      expect(ranges).toHaveLength(parts);
      expect(ranges[0].start).toBe(0);
      expect(ranges[parts - 1].end).toBe(rows);
      ranges.slice(1).forEach((r, i) => expect(r.start).toBe(ranges[i].end));
      const sizes = ranges.map((r) => r.end - r.start);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
    expect(rowRanges(10, 4)).toEqual([
      { start: 0, end: 2 },
      { start: 2, end: 5 },
      { start: 5, end: 7 },
      { start: 7, end: 10 },
    ]);
  });

  it('refuses a part count that is not a positive integer', () => {
    expect(() => rowRanges(10, 0)).toThrow('cannot cut rows into 0 parts');
    expect(() => rowRanges(10, 1.5)).toThrow('cannot cut rows into 1.5 parts');
  });
});
