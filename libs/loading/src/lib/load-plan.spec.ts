import { Manifest } from '@tidemark/watermark-model';
import { planLoad, planPending } from './load-plan';

const m = (id: string, strategy: string) => ({ id, strategy }) as Manifest;
const ids = (list: Manifest[]) => list.map((x) => x.id);

describe('planLoad', () => {
  it('merges everything when no snapshot is pending', () => {
    const plan = planLoad([m('a', 'hybrid'), m('b', 'hybrid')]);
    expect([ids(plan.superseded), ids(plan.toLoad), plan.replace]).toEqual([[], ['a', 'b'], false]);
  });
  it('replaces the target from the newest snapshot and closes what came before it', () => {
    const plan = planLoad([m('s1', 'full_sync'), m('h1', 'hybrid'), m('s2', 'full_sync'), m('h2', 'hybrid')]);
    expect([ids(plan.superseded), ids(plan.toLoad), plan.replace]).toEqual([['s1', 'h1'], ['s2', 'h2'], true]);
  });
});

describe('planLoad with binlog manifests', () => {
  const changes = { operationColumn: 'op', positionColumn: 'pos', orderColumn: 'ord' };
  const b = (id: string) => ({ id, strategy: 'binlog', changes }) as Manifest;
  it('loads rows and the changes after them together', () => {
    const plan = planLoad([m('h1', 'hybrid'), b('b1'), b('b2')]);
    expect(ids(plan.toLoad)).toEqual(['h1', 'b1', 'b2']);
  });
  it('leaves rows registered after changes, and all after them, for the next load', () => {
    const plan = planLoad([b('b1'), m('h1', 'hybrid'), b('b2')]);
    expect([ids(plan.superseded), ids(plan.toLoad)]).toEqual([[], ['b1']]);
    expect(ids(planLoad([m('h1', 'hybrid'), b('b2')]).toLoad)).toEqual(['h1', 'b2']);
  });
  it('appends them all in append mode', () => {
    expect(ids(planLoad([b('b1'), m('h1', 'hybrid')], 'append').toLoad)).toEqual(['b1', 'h1']);
  });
});

describe('planLoad in append mode', () => {
  it('appends every manifest, snapshots included, and supersedes nothing', () => {
    const plan = planLoad([m('s1', 'full_sync'), m('h1', 'hybrid'), m('s2', 'full_sync')], 'append');
    expect([ids(plan.superseded), ids(plan.toLoad), plan.replace]).toEqual([[], ['s1', 'h1', 's2'], false]);
  });
});

describe('planPending', () => {
  const pending = [m('h1', 'hybrid'), m('h2', 'hybrid'), m('h3', 'hybrid')];
  it('only reports what the ledger holds, and loads the rest', () => {
    const plan = planPending(pending, new Set(['h1', 'h2']), 'merge', false);
    expect([ids(plan.reconcile), ids(plan.toLoad), plan.replace]).toEqual([['h1', 'h2'], ['h3'], false]);
  });
  it('rebuilds from every pending manifest, ledger or not, replacing the target in every mode', () => {
    for (const mode of ['merge', 'append', 'full_sync'] as const) {
      const plan = planPending(pending, new Set(['h1', 'h2']), mode, true);
      expect([ids(plan.reconcile), ids(plan.toLoad), plan.replace]).toEqual([[], ['h1', 'h2', 'h3'], true]);
    }
  });
  it('rebuilds from the newest snapshot on and supersedes what came before it', () => {
    const plan = planPending(
      [m('s1', 'full_sync'), m('h1', 'hybrid'), m('s2', 'full_sync')],
      new Set(['s1']),
      'merge',
      true,
    );
    expect([ids(plan.superseded), ids(plan.toLoad), plan.replace]).toEqual([['s1', 'h1'], ['s2'], true]);
  });
});
