import { parseDuration } from './duration';

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['15m', 900_000],
    ['12h', 43_200_000],
    ['7d', 604_800_000],
    ['2w', 1_209_600_000],
    ['0s', 0],
    [' 7d ', 604_800_000],
  ])('reads %p as %p ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['7', 'd', '7 days', '1.5h', '-1d', '7D', '1d12h', '', '99999999999999999w'])(
    'refuses %p with a message that shows the format',
    (text) => {
      expect(() => parseDuration(text)).toThrow(
        `"${text}" is not a duration: use a whole number and one unit s, m, h, d or w (e.g. 30s, 7d)`,
      );
    },
  );
});
