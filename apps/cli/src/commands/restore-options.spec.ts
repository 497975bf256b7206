import { intoTable, restoreTime } from './restore-options';

describe('restore options', () => {
  it.each([
    ['2026-12-01', '2026-12-01T00:00:00.000Z'],
    ['2026-12-01 14:30', '2026-12-01T14:30:00.000Z'],
    ['2026-12-01T14:30:05.25', '2026-12-01T14:30:05.250Z'],
    ['2026-12-01 14:30:05+01:00', '2026-12-01T13:30:05.000Z'],
    ['2026-12-01T14:30:05Z', '2026-12-01T14:30:05.000Z'],
  ])('reads --as-of %s as %s (UTC unless an offset is given)', (text, iso) => {
    expect(restoreTime(text)).toBe(iso);
  });

  it.each(['yesterday', '2026-13-01', '2026-12-01 25:00', '1733000000'])('refuses --as-of %s, saying what to give', (text) => {
    expect(() => restoreTime(text)).toThrow(/is not a time: give YYYY-MM-DD/);
  });

  it('splits --into at the first dot and refuses a name without schema or table', () => {
    expect(intoTable('restore.orders.v1')).toEqual({ schema: 'restore', table: 'orders.v1' });
    for (const bad of ['orders', '.orders', 'restore.']) expect(() => intoTable(bad)).toThrow(/is not SCHEMA.TABLE/);
  });
});
