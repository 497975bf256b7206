import { ChainEntry, ChainOptions, neededSince, oldestRestorablePoint, restoreChain } from './restore-chain';

const at = (minute: number) => `2026-01-01T00:${String(minute).padStart(2, '0')}:00.000Z`;
const entry = (id: string, minute: number, strategy = 'incremental', status: ChainEntry['status'] = 'loaded'): ChainEntry => ({
  id,
  createdAt: at(minute),
  strategy,
  status,
});
const ids = (list: ChainEntry[]) => list.map((e) => e.id);
const merge: ChainOptions = { appendMode: false, resyncs: [] };
const append: ChainOptions = { appendMode: true, resyncs: [] };

describe('restoreChain', () => {
  describe('an incremental (cursor) table', () => {
    const entries = [entry('a', 1), entry('b', 2), entry('c', 3, 'incremental', 'pending')];

    it('without asOf is every loaded and pending manifest from the first one', () => {
      expect(ids(restoreChain(entries, merge))).toEqual(['a', 'b', 'c']);
    });

    it('as of a time between manifests is those registered up to then, from the first', () => {
      expect(ids(restoreChain(entries, merge, '2026-01-01T00:02:30Z'))).toEqual(['a', 'b']);
      expect(ids(restoreChain(entries, merge, at(2)))).toEqual(['a', 'b']);
    });

    it('as of a time before the first manifest is empty', () => {
      expect(restoreChain(entries, merge, at(0))).toEqual([]);
    });

    it('orders by registration time, whatever order it is given in', () => {
      expect(ids(restoreChain([entries[2], entries[0], entries[1]], merge))).toEqual(['a', 'b', 'c']);
    });

    it('compares times as instants, not as text', () => {
      const mixed = [entry('a', 1), { ...entry('b', 2), createdAt: '2026-01-01T00:30:00+01:00' }];
      expect(ids(restoreChain(mixed, merge))).toEqual(['b', 'a']);
      expect(ids(restoreChain(mixed, merge, '2025-12-31T23:45:00Z'))).toEqual(['b']);
    });
  });

  it('never takes a skipped manifest: it was never loaded', () => {
    const entries = [entry('a', 1), entry('b', 2, 'incremental', 'skipped'), entry('c', 3)];
    expect(ids(restoreChain(entries, merge))).toEqual(['a', 'c']);
    expect(ids(restoreChain(entries, merge, at(2)))).toEqual(['a']);
  });

  describe('a full_sync table', () => {
    const entries = [
      entry('s1', 1, 'full_sync', 'superseded'),
      entry('s2', 2, 'full_sync', 'superseded'),
      entry('s3', 3, 'full_sync', 'loaded'),
      entry('s4', 4, 'full_sync', 'pending'),
    ];

    it('starts at the newest snapshot: each one replaces the table', () => {
      expect(ids(restoreChain(entries, merge))).toEqual(['s4']);
      expect(ids(restoreChain(entries.slice(0, 3), merge))).toEqual(['s3']);
    });

    it('as of a time takes the snapshot newest then, superseded or not', () => {
      expect(ids(restoreChain(entries, merge, '2026-01-01T00:02:59Z'))).toEqual(['s2']);
    });

    it('in append mode replaces nothing: the chain starts at the first manifest', () => {
      const appended = entries.map((e) => ({ ...e, status: 'loaded' as const }));
      expect(ids(restoreChain(appended, append))).toEqual(['s1', 's2', 's3', 's4']);
      expect(ids(restoreChain(appended, append, at(2)))).toEqual(['s1', 's2']);
    });

    it('leaves a superseded snapshot out of the current state', () => {
      expect(ids(restoreChain([entry('s1', 1, 'full_sync', 'superseded')], merge))).toEqual([]);
    });
  });

  it('a snapshot in a cursor table starts a new chain (hybrid tables take one now and then)', () => {
    const entries = [entry('a', 1), entry('snap', 2, 'full_sync'), entry('c', 3)];
    expect(ids(restoreChain(entries, merge))).toEqual(['snap', 'c']);
    expect(ids(restoreChain(entries, merge, at(1)))).toEqual(['a']);
  });

  describe('after a resync', () => {
    const entries = [
      entry('a', 1, 'incremental', 'superseded'),
      entry('b', 2, 'incremental', 'superseded'),
      entry('c', 4),
      entry('d', 5),
    ];
    const resynced: ChainOptions = { appendMode: false, resyncs: [at(3)] };

    it('starts at the first manifest registered after it', () => {
      expect(ids(restoreChain(entries, resynced))).toEqual(['c', 'd']);
      expect(ids(restoreChain(entries, resynced, at(5)))).toEqual(['c', 'd']);
    });

    it('as of a time before it, is the chain of then', () => {
      expect(ids(restoreChain(entries, resynced, at(3)))).toEqual(['a', 'b']);
    });

    it('counts a manifest registered at the resync instant as after it', () => {
      expect(ids(restoreChain(entries, { appendMode: false, resyncs: [at(4)] }, at(5)))).toEqual(['c', 'd']);
    });

    it('starts a chain in append mode too', () => {
      expect(ids(restoreChain(entries, { appendMode: true, resyncs: [at(3)] }, at(5)))).toEqual(['c', 'd']);
    });

    it('passes a skipped manifest by: the next one starts the chain', () => {
      const withSkip = [...entries.slice(0, 2), { ...entries[2], status: 'skipped' as const }, entries[3]];
      expect(ids(restoreChain(withSkip, resynced, at(5)))).toEqual(['d']);
    });
  });

  it('refuses a time it cannot read, naming it', () => {
    expect(() => restoreChain([entry('a', 1)], merge, 'yesterday')).toThrow(
      'restore time "yesterday" is not a time: give an ISO 8601 time such as 2026-01-31T12:00:00Z',
    );
  });
});

describe('oldestRestorablePoint', () => {
  const entries = [entry('a', 1), entry('b', 2), entry('snap', 3, 'full_sync'), entry('d', 4)];

  it('is the first manifest when every file is there', () => {
    expect(oldestRestorablePoint(entries, merge, new Set())).toBe(at(1));
  });

  it('moves to the first point whose chain lost nothing', () => {
    expect(oldestRestorablePoint(entries, merge, new Set(['a']))).toBe(at(3));
    expect(oldestRestorablePoint(entries, merge, new Set(['b']))).toBe(at(1));
  });

  it('is null when no point can be rebuilt, or there is no manifest', () => {
    expect(oldestRestorablePoint(entries, merge, new Set(['a', 'snap']))).toBeNull();
    expect(oldestRestorablePoint([], merge, new Set())).toBeNull();
  });

  it('is a point before a lost snapshot when that one still has its chain (the current state then cannot be rebuilt)', () => {
    expect(oldestRestorablePoint(entries, merge, new Set(['snap']))).toBe(at(1));
    expect(restoreChain(entries, merge).map((e) => e.id)).toContain('snap');
  });

  it('treats manifests registered at one instant as one point', () => {
    const same = [entry('a', 1), entry('snap', 2, 'full_sync'), entry('c', 2)];
    expect(oldestRestorablePoint(same, merge, new Set(['a']))).toBe(at(2));
    expect(oldestRestorablePoint(same, merge, new Set(['a', 'snap']))).toBeNull();
  });

  it('skips skipped manifests: they are no restore point and need no files', () => {
    const withSkip = [entry('x', 0, 'incremental', 'skipped'), ...entries];
    expect(oldestRestorablePoint(withSkip, merge, new Set(['x']))).toBe(at(1));
  });

  it('in append mode needs every manifest from the first', () => {
    expect(oldestRestorablePoint(entries, append, new Set(['a']))).toBeNull();
  });
});

describe('neededSince', () => {
  const snaps = [
    entry('s1', 1, 'full_sync', 'superseded'),
    entry('s2', 2, 'full_sync', 'superseded'),
    entry('s3', 3, 'full_sync', 'superseded'),
    entry('s4', 4, 'full_sync', 'loaded'),
  ];

  it('keeps the snapshot in effect at the start of the window and every later one', () => {
    expect([...neededSince(snaps, merge, '2026-01-01T00:02:30Z')].sort()).toEqual(['s2', 's3', 's4']);
  });

  it('keeps only the current state for a window that starts after the newest manifest', () => {
    expect([...neededSince(snaps, merge, at(9))]).toEqual(['s4']);
  });

  it('keeps a cursor table whole: its chain starts at the first manifest', () => {
    const cursor = [entry('a', 1), entry('b', 2), entry('c', 3)];
    expect([...neededSince(cursor, merge, at(9))].sort()).toEqual(['a', 'b', 'c']);
  });

  it('lets go of what came before a resync once the window starts after it', () => {
    const entries = [
      entry('a', 1, 'incremental', 'superseded'),
      entry('b', 2, 'incremental', 'superseded'),
      entry('c', 4),
      entry('d', 5),
    ];
    const resynced = { appendMode: false, resyncs: [at(3)] };
    expect([...neededSince(entries, resynced, at(4))].sort()).toEqual(['c', 'd']);
    expect([...neededSince(entries, resynced, at(2))].sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('keeps everything from the first manifest when the window starts before it', () => {
    expect([...neededSince(snaps, merge, at(0))].sort()).toEqual(['s1', 's2', 's3', 's4']);
  });

  it('never keeps a skipped manifest for restore', () => {
    const entries = [entry('a', 1), entry('b', 2, 'incremental', 'skipped')];
    expect([...neededSince(entries, merge, at(0))]).toEqual(['a']);
  });

  it('keeps a pending snapshot that is the current state', () => {
    const entries = [...snaps, entry('s5', 5, 'full_sync', 'pending')];
    expect([...neededSince(entries, merge, at(9))]).toEqual(['s5']);
  });
});
