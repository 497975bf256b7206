import { quoteMysql, quotePostgres } from './quote';

describe('identifier quoting', () => {
  it('doubles the quote character of each dialect', () => {
    expect(quoteMysql('we`ird')).toBe('`we``ird`');
    expect(quotePostgres('we"ird')).toBe('"we""ird"');
    expect(quotePostgres('select')).toBe('"select"');
  });
  it('refuses a NUL character in a PostgreSQL name', () => {
    expect(() => quotePostgres('a\u0000b')).toThrow(/NUL/);
  });
});
