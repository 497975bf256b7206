import { POSTGRES_IDENTIFIERS, REDSHIFT_IDENTIFIERS, sanitizeDistinct, sanitizeIdentifier } from './sanitize-identifier';

describe('sanitizeIdentifier', () => {
  it.each([
    ['190_time', 'col_190_time'],
    ['Order Total', 'order_total'],
    ['select', 'select'],
    ['a-b.c', 'a_b_c'],
    ['Größe', 'größe'],
    ['---', 'col_'],
  ])('%j → %j', (name, expected) => {
    expect(sanitizeIdentifier(name, REDSHIFT_IDENTIFIERS)).toBe(expected);
  });

  it('shortens to the dialect limit in bytes, never splitting a character', () => {
    const long = 'é'.repeat(100);
    const pg = sanitizeIdentifier(long, POSTGRES_IDENTIFIERS);
    expect(Buffer.byteLength(pg)).toBeLessThanOrEqual(63);
    expect(pg).toBe('é'.repeat(31));
    expect(Buffer.byteLength(sanitizeIdentifier(long, REDSHIFT_IDENTIFIERS))).toBeLessThanOrEqual(127);
  });
});

describe('sanitizeDistinct', () => {
  it('keeps a name that is already valid; colliding changed names get suffixes in column order, every time the same way', () => {
    const names = ['Order-Id', 'order id', 'order_id', 'other'];
    expect(sanitizeDistinct(names, POSTGRES_IDENTIFIERS)).toEqual(['order_id_2', 'order_id_3', 'order_id', 'other']);
    expect(sanitizeDistinct(names, POSTGRES_IDENTIFIERS)).toEqual(sanitizeDistinct(names, POSTGRES_IDENTIFIERS));
  });

  it('gives out no name in taken, even to a name that is already valid', () => {
    expect(sanitizeDistinct(['order_id', 'Order-Id'], POSTGRES_IDENTIFIERS, ['order_id'])).toEqual(['order_id_2', 'order_id_3']);
  });

  it('keeps a suffixed name within the byte limit', () => {
    const a = 'x'.repeat(70);
    const out = sanitizeDistinct([a, a + 'y'], POSTGRES_IDENTIFIERS);
    expect(out[1]).toMatch(/_2$/);
    expect(Buffer.byteLength(out[1])).toBeLessThanOrEqual(63);
    expect(new Set(out).size).toBe(2);
  });
});
