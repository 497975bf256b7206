import { gtidPositionAfter } from './gtid-position';

describe('gtidPositionAfter', () => {
  it('replaces the committed domain and keeps the others, in domain order', () => {
    expect(gtidPositionAfter('0-1-16', '0-1-17')).toBe('0-1-17');
    expect(gtidPositionAfter('', '0-1-1')).toBe('0-1-1');
    expect(gtidPositionAfter('0-1-16,2-5-9', '1-3-4')).toBe('0-1-16,1-3-4,2-5-9');
    expect(gtidPositionAfter('0-1-16,1-3-4', '0-2-18446744073709551615')).toBe('0-2-18446744073709551615,1-3-4');
  });
});
