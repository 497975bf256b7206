import { utils } from 'ssh2';
import { generateKey } from './test-bastion';

describe('generateKey', () => {
  // ssh2's own keygen fails its parser about once in 256 pairs; 2,000 draws would hit that almost surely.
  it('gives only key pairs that ssh2 parses (2,000 drawn)', () => {
    const rejected = Array.from({ length: 2000 }, generateKey).filter(
      (pair) => utils.parseKey(pair.private) instanceof Error || utils.parseKey(pair.public) instanceof Error,
    );
    expect(rejected).toEqual([]);
  });
});
