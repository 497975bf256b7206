import { dataFileKey, manifestKey, tablePrefix, tablePrefixOfKey } from './object-keys';

describe('object keys', () => {
  const at = new Date('2026-03-04T05:06:07Z');

  it.each([
    ['with a nested prefix', { prefix: 'tidemark/prod', pipeline: 'p', connection: 'c', schema: 's', table: 't' }],
    ['without a prefix', { prefix: '', pipeline: 'p', connection: 'c', schema: 's', table: 't' }],
  ])('tablePrefixOfKey inverts dataFileKey and manifestKey %s', (_name, location) => {
    expect(dataFileKey(location, at, 'run1', 7)).toMatch(/\/2026\/03\/04\/run1-00007\.parquet$/);
    expect(tablePrefixOfKey(dataFileKey(location, at, 'run1', 7))).toBe(tablePrefix(location));
    expect(tablePrefixOfKey(manifestKey(location, at, 'm1'))).toBe(tablePrefix(location));
  });

  it('tablePrefixOfKey refuses a key too short to hold a table and a day', () => {
    expect(() => tablePrefixOfKey('s/t/2026/03/04/f.parquet')).toThrow(/is not a data file or manifest key/);
  });
});
