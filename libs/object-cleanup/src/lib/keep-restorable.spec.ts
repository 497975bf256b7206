import { keepRestorableText, parseKeepRestorable } from './keep-restorable';

describe('parseKeepRestorable', () => {
  it('reads all, none and a duration window', () => {
    expect(parseKeepRestorable('all')).toEqual({ kind: 'all' });
    expect(parseKeepRestorable('none')).toEqual({ kind: 'none' });
    expect(parseKeepRestorable('30d')).toEqual({ kind: 'window', ms: 30 * 86_400_000, text: '30d' });
    expect(keepRestorableText(parseKeepRestorable('30d'))).toBe('30d');
    expect(keepRestorableText(parseKeepRestorable('all'))).toBe('all');
  });

  it('refuses anything else, naming the three forms', () => {
    expect(() => parseKeepRestorable('forever')).toThrow(
      '"forever" is not a retention for restore: use all (every restore point), none (keep nothing for restore), or a duration such as 30d',
    );
    expect(() => parseKeepRestorable('30 days')).toThrow(/is not a retention for restore/);
  });
});
