import { keyPatternMatcher } from './key-pattern';

describe('keyPatternMatcher', () => {
  const key = '2025/11/21/20251121T101500123Z-a1b2c3-00001.parquet';
  const manifest = '2025/11/21/20251121T101500123Z-a1b2c3-00001.manifest.json';

  it('matches everything without a pattern', () => {
    expect(keyPatternMatcher()(key)).toBe(true);
  });

  it('matches a pattern without "/" against the file name, in any day folder', () => {
    const parquet = keyPatternMatcher('*.parquet');
    expect(parquet(key)).toBe(true);
    expect(parquet(manifest)).toBe(false);
    expect(keyPatternMatcher('*.manifest.json')(manifest)).toBe(true);
  });

  it('matches a pattern with "/" against the whole key below the table folder', () => {
    expect(keyPatternMatcher('2025/11/**')(key)).toBe(true);
    expect(keyPatternMatcher('2025/10/**')(key)).toBe(false);
    expect(keyPatternMatcher('2025/*/21/*.parquet')(key)).toBe(true);
    expect(keyPatternMatcher('11/21/*.parquet')(key)).toBe(false);
  });

  it('refuses an empty pattern', () => {
    expect(() => keyPatternMatcher('  ')).toThrow('--pattern is empty');
  });
});
