import { formatTableKey, parsePipelineName, parseTableKey } from './table-key';

describe('parseTableKey', () => {
  it.each([
    ['orders', { connection: undefined, table: 'orders' }],
    ['shop.orders', { connection: undefined, schema: 'shop', table: 'orders' }],
    ['eu:shop.orders', { connection: 'eu', schema: 'shop', table: 'orders' }],
    ['shop.bestellungen_ä', { connection: undefined, schema: 'shop', table: 'bestellungen_ä' }],
  ])('reads %s', (key, expected) => {
    expect(parseTableKey(key)).toEqual(expected);
    expect(formatTableKey(parseTableKey(key))).toBe(key);
  });

  it('keeps the same table in two connections apart', () => {
    expect(formatTableKey(parseTableKey('a:shop.orders'))).not.toBe(formatTableKey(parseTableKey('b:shop.orders')));
  });

  it.each([
    ['', /a table key is required/],
    ['a.b.c', /more than one "\."/],
    ['x:y:z.t', /more than one ":"/],
    ['shop.ord`ers', /invalid table name "ord`ers"/],
    ["shop.orders'; DROP TABLE x; --", /invalid table name/],
    ['sh op.orders', /invalid schema name "sh op"/],
    ['.orders', /invalid schema name ""/],
  ])('refuses %j', (key, message) => {
    expect(() => parseTableKey(key)).toThrow(message);
  });
});

describe('parsePipelineName', () => {
  it('accepts names with dashes and underscores', () => {
    expect(parsePipelineName('nightly-eu_1')).toBe('nightly-eu_1');
  });
  it.each(['', '-x', 'a b', 'a/b', 'x'.repeat(65)])('refuses %j', (name) => {
    expect(() => parsePipelineName(name)).toThrow(/invalid pipeline name/);
  });
});
