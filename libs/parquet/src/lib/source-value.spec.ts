import { ColumnSchema } from '@tidemark/watermark-model';
import { bitValue, booleanValue, isZeroDate, textValue, unscaledDecimal } from './source-value';

const col = (dataType: string, columnType = dataType): ColumnSchema => ({
  name: 'c', dataType, columnType, nullable: true, length: null, precision: null, scale: null, charset: null,
});

describe('unscaledDecimal', () => {
  it.each([
    ['1234567890123456789012345678.0123456789', 10, 12345678901234567890123456780123456789n],
    ['-0.5', 10, -5000000000n],
    ['7', 2, 700n],
    ['.25', 2, 25n],
    ['-99999999999999999999999999999.999999999', 9, -99999999999999999999999999999999999999n],
  ])('%s at scale %d', (text, scale, expected) => {
    expect(unscaledDecimal(text, scale)).toBe(expected);
  });
  it.each(['1.005', 'abc', '', '-', '1e5', '1.2.3'])('refuses %j at scale 2 instead of rounding', (text) => {
    expect(() => unscaledDecimal(text, 2)).toThrow('is not a decimal with at most 2 fractional digits');
  });
});

describe('source values', () => {
  it('reads BIT(n) as an unsigned big-endian integer', () => {
    expect(bitValue(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]))).toBe(18446744073709551615n);
    expect(booleanValue(Buffer.from([0x01]))).toBe(true);
    expect(booleanValue(0)).toBe(false);
  });
  it('turns zero dates into NULL and nothing else', () => {
    expect(isZeroDate(col('date'), '0000-00-00')).toBe(true);
    expect(isZeroDate(col('datetime'), '2024-00-10 00:00:00')).toBe(true);
    expect(isZeroDate(col('datetime'), '2024-01-10 00:00:00')).toBe(false);
    expect(isZeroDate(col('varchar'), '0000-00-00')).toBe(false);
    expect(textValue(col('datetime'), '0000-00-00 00:00:00')).toBeNull();
  });
  it('refuses a value that arrived as an object rather than as text', () => {
    expect(() => textValue(col('json'), { a: 1 })).toThrow('mysql2 returned an object');
  });
});
