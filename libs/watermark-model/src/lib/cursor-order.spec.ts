import { cursorMovesBack, refuseRewind } from './cursor-order';

const at = (timestamp: string | null, ...key: string[]) => ({ timestamp, primaryKey: key.length ? key : null });
/** A first run read in key order (ADR 0050), done up to `key`. */
const scan = (ceiling: string, ...key: string[]) => ({ ...at(null, ...key), keyScan: { ceiling } });
const CEILING = '2025-01-01 00:00:00.000000';

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

  it.each([
    ['the scan goes on to a higher key', false, scan(CEILING, '5'), scan(CEILING, '10')],
    ['the scan commits its first key', false, scan(CEILING), scan(CEILING, '1')],
    ['the scan goes to a lower key', true, scan(CEILING, '10'), scan(CEILING, '9')],
    ['the scan gives its key up', true, scan(CEILING, '10'), scan(CEILING)],
    ['the scan gets a lower ceiling', true, scan(CEILING, '10'), scan('2024-12-31 00:00:00.000000', '10')],
    ['the scan ends at its ceiling, with a lower key', false, scan(CEILING, '10'), at(CEILING, '3')],
    ['the scan ends after its ceiling', false, scan(CEILING, '10'), at('2025-01-02 00:00:00.000000', '3')],
    [
      'the scan gives way to a timestamp before its ceiling',
      true,
      scan(CEILING, '10'),
      at('2024-12-31 00:00:00.000000'),
    ],
    ['the scan gives way to the beginning', true, scan(CEILING, '10'), at(null)],
    ['a scan with nothing read yet gives way to the beginning', false, scan(CEILING), at(null)],
    ['a table at the beginning starts a scan', false, at(null), scan(CEILING, '1')],
    ['a timestamp cursor goes to a scan', true, at(CEILING, '1'), scan(CEILING, '99')],
    ['a key-only cursor goes to a scan', true, at(null, '5'), scan(CEILING, '99')],
  ])('key scan, %s: moves back %s', (_what, back, current, next) => {
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
