import { rowsAhead } from './cursor-window';

describe('rowsAhead', () => {
  const at = (timestamp: string | null, primaryKey: string[] | null = null) => ({ timestamp, primaryKey });

  it('is true when the newest cursor value is past where reading starts', () => {
    expect(rowsAhead('2025-01-01 00:00:03.000000', at('2025-01-01 00:00:02.000000', ['2']))).toBe(true);
  });

  it('is false when the newest cursor value is where reading starts: nothing changed', () => {
    expect(rowsAhead('2025-01-01 00:00:02.000000', at('2025-01-01 00:00:02.000000', ['2']))).toBe(false);
  });

  it('is true for a first run of a table with rows, false for an empty one', () => {
    expect(rowsAhead('2025-01-01 00:00:02.000000', at(null))).toBe(true);
    expect(rowsAhead(null, at(null))).toBe(false);
  });

  it('is false where it cannot be told: no ceiling, or a key scan under way (a key but no timestamp)', () => {
    expect(rowsAhead(undefined, at(null))).toBe(false);
    expect(rowsAhead('2025-01-01 00:00:02.000000', at(null, ['41']))).toBe(false);
  });
});
