import { dataFileKey, keySegment, manifestKey, tablePrefix, tablePrefixOfKey, tablePrefixProblem } from './object-keys';

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

  it.each([
    ['orders', 'orders'],
    ['price$list', 'price!24list'],
    ['café', 'caf!c3!a9'],
    ['表', '!e8!a1!a8'],
    ['a!b', 'a!21b'],
    ['..', '!2e!2e'],
    ['v1.2', 'v1.2'],
  ])('keySegment writes %s as %s', (name, segment) => {
    expect(keySegment(name)).toBe(segment);
  });

  it('keySegment gives distinct names distinct segments of COPY-safe characters only', () => {
    const names = ['a$', 'a!24', 'a!', 'a!21', 'é', 'e', '..', '!2e!2e', 'A', 'a', '𠀀'];
    const segments = names.map(keySegment);
    expect(new Set(segments).size).toBe(names.length);
    for (const s of segments) expect(s).toMatch(/^[A-Za-z0-9_.!-]+$/);
  });

  it('tablePrefix escapes the names but not the configured prefix', () => {
    expect(tablePrefix({ prefix: 'tm/prod', pipeline: 'p', connection: 'c$', schema: 'shop', table: 'prix€' })).toBe(
      'tm/prod/p/c!24/shop/prix!e2!82!ac',
    );
  });

  it('tablePrefixProblem accepts 64-character names and refuses keys longer than S3 allows', () => {
    const at = { prefix: 'tidemark', pipeline: 'p', connection: 'default' };
    expect(tablePrefixProblem({ ...at, schema: 'é'.repeat(64), table: 'x'.repeat(64) })).toBeUndefined();
    const wide = '𠀀'.repeat(64); // 4 bytes each, 12 characters escaped
    expect(tablePrefixProblem({ ...at, schema: wide, table: wide })).toMatch(/^its object keys would be \d+ bytes long .* over S3's 1024/);
  });
});
