import { badInput, isTidemarkError, TidemarkError } from './tidemark-error';

describe('TidemarkError', () => {
  it('carries a code and tells itself apart from other errors', () => {
    const e = badInput('table x has no primary key');
    expect(e).toBeInstanceOf(TidemarkError);
    expect(e.code).toBe('BAD_INPUT');
    expect(isTidemarkError(e)).toBe(true);
    expect(isTidemarkError(new Error('bug'))).toBe(false);
  });
});
