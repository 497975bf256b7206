import { nodeCanonical, rowHashValue, rowText } from './node-values';

describe('values compared in Node', () => {
  it('gives MariaDB JSON text and PostgreSQL JSONB text of one value the same canonical text', () => {
    const mariadb = '{"b": 1,  "a": [1, 2.50, "x\\u00e9"]}';
    const jsonb = '{"a": [1, 2.50, "xé"], "b": 1}';
    expect(nodeCanonical('json', mariadb)).toBe(nodeCanonical('json', jsonb));
    expect(nodeCanonical('json', mariadb)).not.toBe(nodeCanonical('json', '{"a": [1, 2.51, "xé"], "b": 1}'));
  });

  it('keeps the JSON value null apart from SQL NULL', () => {
    expect(nodeCanonical('json', 'null')).toBe('null');
    expect(nodeCanonical('json', null)).toBeNull();
  });

  it('compares a FLOAT as its float32: MySQL col + 0 and PostgreSQL REAL agree', () => {
    expect(nodeCanonical('float', 16777216)).toBe(nodeCanonical('float', 16777217));
    expect(nodeCanonical('float', 0.10000000149011612)).toBe(nodeCanonical('float', 0.1));
    expect(nodeCanonical('float', 0.1)).not.toBe(nodeCanonical('float', 0.1000001));
  });

  it('compares a DOUBLE exactly, -0 equal to 0', () => {
    expect(nodeCanonical('double', -0)).toBe(nodeCanonical('double', 0));
    expect(nodeCanonical('double', 0.1)).not.toBe(nodeCanonical('double', 0.1 + Number.EPSILON));
  });
});

describe('row text', () => {
  it('cannot be made equal by moving text between columns or writing the NULL marker', () => {
    expect(rowText(['a,', 'b'])).not.toBe(rowText(['a', ',b']));
    expect(rowText(['~'])).not.toBe(rowText([null]));
    expect(rowText(['😀'])).toBe('1:😀');
  });

  it('hashes to a 60-bit integer', () => {
    const h = rowHashValue(['1', null]);
    expect(h).toBeGreaterThanOrEqual(0n);
    expect(h).toBeLessThan(2n ** 60n);
  });
});
