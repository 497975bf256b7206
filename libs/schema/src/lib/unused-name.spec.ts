import { unusedName, unusedNames } from './unused-name';

describe('unusedName', () => {
  it('keeps the wanted name when nothing else is named so', () => {
    expect(unusedName('s', ['orders', 'id'])).toBe('s');
  });

  it('yields to a table or column of the same name, in any case', () => {
    expect(unusedName('s', ['S', 'id'])).toBe('s_2');
    expect(unusedName('_tidemark_rank', ['_tidemark_rank', '_TIDEMARK_RANK_2'])).toBe('_tidemark_rank_3');
  });
});

describe('unusedNames', () => {
  it('keeps the names it chooses apart from each other as well', () => {
    expect(unusedNames({ a: 'x', b: 'x_2' }, ['x'])).toEqual({ a: 'x_2', b: 'x_2_2' });
  });
});
