import { cursorMovesBack, refuseRewind } from './cursor-order';

const at = (timestamp: string | null, ...key: string[]) => ({ timestamp, primaryKey: key.length ? key : null });

describe('cursorMovesBack', () => {
  it.each([
    [at('2025-01-02 00:00:00.000000', '5'), at('2025-01-01 00:00:00.000000', '9'), true],
    [at('2025-01-01 00:00:00.000000', '5'), at('2025-01-01 00:00:00.000000', '4'), true],
    [at('2025-01-01 00:00:00.000000', '5'), at('2025-01-01 00:00:00.000000', '5'), false],
    [at('2025-01-01 00:00:00.000000', '5'), at('2025-01-01 00:00:00.000000', '10'), false],
    [at('2025-01-01 00:00:00.000000', '5'), at(null), true],
    [at(null, '18446744073709551615'), at(null, '18446744073709551614'), true],
    [at(null, '1', 'b'), at(null, '1', 'a'), true],
    [at(null), at('2025-01-01 00:00:00.000000', '1'), false],
    [at('2025-01-01 00:00:00.000000'), at('2025-01-02 00:00:00.000000'), false],
  ])('%j -> %j moves back: %s', (current, next, back) => {
    expect(cursorMovesBack(current, next)).toBe(back);
  });

  it('refuseRewind names the table, both cursors and the flag, and lets --allow-rewind through', () => {
    const current = at('2025-01-02 00:00:00.000000', '5');
    const next = at('2025-01-01 00:00:00.000000', '5');
    expect(() => refuseRewind('p / s.t', current, next, false)).toThrow(
      'importing would move p / s.t back from 2025-01-02 00:00:00.000000, key (5) to 2025-01-01 00:00:00.000000, key (5): the rows between would be extracted again; add --allow-rewind if that is what you want',
    );
    expect(() => refuseRewind('p / s.t', current, next, true)).not.toThrow();
  });
});
