import { allOf, numberPlaceholders, sqlText } from './sql-fragment';

describe('numberPlaceholders', () => {
  it('numbers each ? in order', () => {
    expect(numberPlaceholders('a > ? AND b = CAST(? AS TEXT)')).toBe('a > $1 AND b = CAST($2 AS TEXT)');
  });

  it('leaves a ? inside a quoted identifier or a string literal alone', () => {
    expect(numberPlaceholders(`"a?b" = ? AND c = 'why?' AND "x""?" = ?`)).toBe(
      `"a?b" = $1 AND c = 'why?' AND "x""?" = $2`,
    );
  });
});

describe('allOf', () => {
  it('joins the present conditions with AND, keeping their values in order', () => {
    expect(allOf([sqlText('a > ?', 1), null, sqlText('b = ?', 'x')])).toEqual({
      sql: '(a > ?) AND (b = ?)',
      params: [1, 'x'],
    });
  });

  it('is always true with no condition', () => {
    expect(allOf([null, undefined])).toEqual({ sql: '1 = 1', params: [] });
  });
});
