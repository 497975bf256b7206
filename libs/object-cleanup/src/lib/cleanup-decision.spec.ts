import { addSummaries, CleanupRules, decideCleanup, summarizeDecisions } from './cleanup-decision';
import { keyPatternMatcher } from './key-pattern';
import { ObjectStatus, TableObject } from './object-status';

const now = new Date('2025-11-21T12:00:00Z');
const DAY = 86_400_000;

function object(relativeKey: string, status: ObjectStatus, ageMs: number, bytes = 100): TableObject {
  return {
    key: `p/${relativeKey}`,
    relativeKey,
    uri: `file:///s/p/${relativeKey}`,
    bytes,
    lastModified: new Date(now.getTime() - ageMs),
    status,
    manifestId: status === 'orphaned' ? null : relativeKey.replace(/\..*$/, ''),
  };
}

const rules = (o: Partial<CleanupRules> = {}): CleanupRules => ({
  now,
  olderThanMs: 7 * DAY,
  matches: keyPatternMatcher(),
  force: false,
  restoreNeeds: null,
  ...o,
});

const reasons = (objects: TableObject[], r: CleanupRules) =>
  decideCleanup(objects, r).map((d) => [d.relativeKey, d.reason]);

describe('decideCleanup', () => {
  const old = 8 * DAY;
  const young = 6 * DAY;

  it('deletes loaded, superseded and orphaned objects older than the threshold', () => {
    const objects = [
      object('a.parquet', 'loaded', old),
      object('b.parquet', 'superseded', old),
      object('c.parquet', 'orphaned', old),
    ];
    expect(reasons(objects, rules())).toEqual([
      ['a.parquet', 'deleted'],
      ['b.parquet', 'deleted'],
      ['c.parquet', 'deleted'],
    ]);
  });

  it('keeps every object as young as the threshold or younger, whatever its status', () => {
    const objects = [
      object('a.parquet', 'loaded', young),
      object('b.parquet', 'superseded', young),
      object('c.parquet', 'orphaned', 7 * DAY),
    ];
    expect(reasons(objects, rules()).map(([, r]) => r)).toEqual([
      'kept-newer-than-threshold',
      'kept-newer-than-threshold',
      'kept-newer-than-threshold',
    ]);
  });

  it('keeps the files of a pending manifest however old, unless forced', () => {
    const objects = [object('p.parquet', 'pending', 30 * DAY), object('q.parquet', 'pending', young)];
    expect(reasons(objects, rules())).toEqual([
      ['p.parquet', 'kept-pending'],
      ['q.parquet', 'kept-pending'],
    ]);
    expect(reasons(objects, rules({ force: true }))).toEqual([
      ['p.parquet', 'deleted'],
      ['q.parquet', 'kept-newer-than-threshold'],
    ]);
    // A skipped manifest can be put back to pending (`tidemark manifest retry`): its files stay too.
    expect(reasons([object('s.parquet', 'skipped', 30 * DAY)], rules())).toEqual([['s.parquet', 'kept-pending']]);
  });

  it('keeps objects outside the pattern before any other reason', () => {
    const objects = [
      object('a.parquet', 'loaded', old),
      object('a.manifest.json', 'loaded', old),
      object('p.parquet', 'pending', old),
    ];
    expect(reasons(objects, rules({ matches: keyPatternMatcher('*.manifest.json') }))).toEqual([
      ['a.parquet', 'kept-not-matching-pattern'],
      ['a.manifest.json', 'deleted'],
      ['p.parquet', 'kept-not-matching-pattern'],
    ]);
  });

  it('keeps the old objects of the manifests a restore needs, never an orphan', () => {
    const objects = [
      object('a.parquet', 'loaded', old),
      object('a.manifest.json', 'loaded', old),
      object('b.parquet', 'superseded', old),
      object('c.parquet', 'orphaned', old),
      object('n.parquet', 'loaded', young),
      object('p.parquet', 'pending', old),
    ];
    const restoreNeeds = new Set(['a', 'b', 'n', 'p']);
    expect(reasons(objects, rules({ restoreNeeds }))).toEqual([
      ['a.parquet', 'kept-restorable'],
      ['a.manifest.json', 'kept-restorable'],
      ['b.parquet', 'kept-restorable'],
      ['c.parquet', 'deleted'],
      ['n.parquet', 'kept-newer-than-threshold'],
      ['p.parquet', 'kept-pending'],
    ]);
    expect(reasons(objects.slice(0, 3), rules({ restoreNeeds: new Set(['b']) }))).toEqual([
      ['a.parquet', 'deleted'],
      ['a.manifest.json', 'deleted'],
      ['b.parquet', 'kept-restorable'],
    ]);
    expect(reasons([object('p.parquet', 'pending', old)], rules({ restoreNeeds, force: true }))).toEqual([
      ['p.parquet', 'kept-restorable'],
    ]);
  });

  it('with a zero threshold deletes everything not pending that is older than now', () => {
    const objects = [object('a.parquet', 'orphaned', 1), object('b.parquet', 'orphaned', 0)];
    expect(reasons(objects, rules({ olderThanMs: 0 }))).toEqual([
      ['a.parquet', 'deleted'],
      ['b.parquet', 'kept-newer-than-threshold'],
    ]);
  });
});

describe('summaries', () => {
  it('count objects and bytes per reason, zero for reasons that did not occur', () => {
    const decisions = decideCleanup(
      [object('a', 'loaded', 8 * DAY, 10), object('b', 'orphaned', 9 * DAY, 5), object('p', 'pending', DAY, 7)],
      rules(),
    );
    expect(summarizeDecisions(decisions)).toEqual({
      deleted: { objects: 2, bytes: 15 },
      'kept-pending': { objects: 1, bytes: 7 },
      'kept-newer-than-threshold': { objects: 0, bytes: 0 },
      'kept-restorable': { objects: 0, bytes: 0 },
      'kept-not-matching-pattern': { objects: 0, bytes: 0 },
    });
  });

  it('add up over tables', () => {
    const one = summarizeDecisions(decideCleanup([object('a', 'loaded', 8 * DAY, 10)], rules()));
    const two = summarizeDecisions(
      decideCleanup([object('b', 'loaded', 8 * DAY, 3), object('c', 'loaded', DAY, 4)], rules()),
    );
    expect(addSummaries([one, two])).toEqual({
      deleted: { objects: 2, bytes: 13 },
      'kept-pending': { objects: 0, bytes: 0 },
      'kept-newer-than-threshold': { objects: 1, bytes: 4 },
      'kept-restorable': { objects: 0, bytes: 0 },
      'kept-not-matching-pattern': { objects: 0, bytes: 0 },
    });
  });
});
