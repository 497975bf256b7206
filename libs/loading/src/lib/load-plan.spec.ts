import { Manifest } from '@tidemark/watermark-model';
import { planLoad } from './load-plan';

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

describe('planLoad in append mode', () => {
  it('appends every manifest, snapshots included, and supersedes nothing', () => {
    const plan = planLoad([m('s1', 'full_sync'), m('h1', 'hybrid'), m('s2', 'full_sync')], 'append');
    expect([ids(plan.superseded), ids(plan.toLoad), plan.replace]).toEqual([[], ['s1', 'h1', 's2'], false]);
  });
});
