import { LeaseEvent, leaseHistoryProblems, leaseIntervals } from './lease-history';

const T0 = Date.parse('2025-06-01T00:00:00Z');
const s = (seconds: number) => T0 + seconds * 1000;

/** An event on db.t01's extract stage; times in seconds after T0. */
const ev = (holder: string, token: number, event: string, at: number, expiresAt: number, table = 'db.t01'): LeaseEvent => ({
  table,
  stage: 'extract',
  holder,
  token,
  event,
  at: s(at),
  expiresAt: s(expiresAt),
});

describe('leaseHistoryProblems (the scale-out test\'s check of the lease history)', () => {
  it('accepts holders taking turns: a release or an expiry before the next grant', () => {
    const events = [
      ev('a:1', 1, 'granted', 0, 9),
      ev('a:1', 1, 'renewed', 3, 12),
      ev('a:1', 1, 'released', 5, 5),
      ev('b:2', 2, 'granted', 5, 14),
      // b dies: its lease runs out at 14, and c gets the table only then.
      ev('c:3', 3, 'granted', 14, 23),
      ev('c:3', 3, 'released', 15, 15),
    ];
    expect(leaseHistoryProblems(events)).toEqual([]);
    expect(leaseIntervals(events).map((i) => [i.holder, i.until - i.from, i.released])).toEqual([
      ['a:1', 5000, true],
      ['b:2', 9000, false],
      ['c:3', 1000, true],
    ]);
  });

  it('accepts a lease taken over from a holder found dead: its interval ends at the takeover', () => {
    const events = [
      ev('h:1', 1, 'granted', 0, 60),
      // h:1 crashed at 2; a rerun on its host took the lease over at 3 instead of waiting until 60.
      ev('h:2', 2, 'taken-over', 3, 63),
      ev('h:2', 2, 'released', 5, 5),
    ];
    expect(leaseHistoryProblems(events)).toEqual([]);
    expect(leaseIntervals(events).map((i) => [i.holder, i.until - i.from, i.released])).toEqual([
      ['h:1', 3000, false],
      ['h:2', 2000, true],
    ]);
  });

  it('reports a grant to another holder while the previous lease was still live', () => {
    const events = [ev('a:1', 1, 'granted', 0, 9), ev('b:2', 2, 'granted', 4, 13)];
    expect(leaseHistoryProblems(events)).toEqual([
      'db.t01 (extract): a:1 (token 1, 2025-06-01T00:00:00.000Z to 2025-06-01T00:00:09.000Z) overlaps b:2 (token 2, from 2025-06-01T00:00:04.000Z)',
    ]);
  });

  it('reports a renewal that stretched a lease past the next holder\'s grant', () => {
    const events = [
      ev('a:1', 1, 'granted', 0, 9),
      ev('b:2', 2, 'granted', 10, 19),
      ev('a:1', 1, 'renewed', 11, 20),
    ];
    const problems = leaseHistoryProblems(events);
    expect(problems).toContain('db.t01 (extract): renewed with token 1 by a:1 at 2025-06-01T00:00:11.000Z after token 2');
    expect(problems.some((p) => p.includes('a:1 (token 1') && p.includes('overlaps b:2'))).toBe(true);
  });

  it('reports a grant whose token does not increase', () => {
    const events = [ev('a:1', 2, 'granted', 0, 1), ev('a:1', 2, 'released', 1, 1), ev('b:2', 2, 'granted', 2, 11)];
    expect(leaseHistoryProblems(events)).toEqual([
      'db.t01 (extract): granted with token 2 by b:2 at 2025-06-01T00:00:02.000Z after token 2',
    ]);
  });

  it('reports one token granted to two holders (two first acquires racing)', () => {
    const events = [ev('a:1', 1, 'granted', 0, 9), ev('b:2', 1, 'granted', 0.5, 9.5), ev('b:2', 1, 'released', 2, 2)];
    expect(leaseHistoryProblems(events)).toEqual([
      'db.t01 (extract): granted with token 1 by b:2 at 2025-06-01T00:00:00.500Z after token 1',
      'db.t01 (extract): a:1 (token 1, 2025-06-01T00:00:00.000Z to 2025-06-01T00:00:09.000Z) overlaps b:2 (token 1, from 2025-06-01T00:00:00.500Z)',
    ]);
  });

  it('lets the same holder be re-granted its own live lease, and keeps tables and stages apart', () => {
    const events = [
      ev('a:1', 1, 'granted', 0, 9),
      ev('a:1', 2, 'regranted', 2, 11),
      ev('b:2', 1, 'granted', 1, 10, 'db.t02'),
      { ...ev('b:2', 1, 'granted', 1, 10), stage: 'load' },
    ];
    expect(leaseHistoryProblems(events)).toEqual([]);
  });
});
