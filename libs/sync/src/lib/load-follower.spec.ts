import { emptyLoadResult, LoadResult } from '@tidemark/loading';
import { FollowedLoad, LoadFollower } from './load-follower';

const req = { pipeline: 'p', tableKey: 'shop.orders', target: { schema: 'dw', table: 'orders', mode: 'merge' as const } };

/** Loads that finish when the test says, each recording how it was asked to run. */
class Loads {
  readonly asked: FollowedLoad[] = [];
  private readonly open: { finish: (r: LoadResult) => void; fail: (e: unknown) => void }[] = [];

  readonly load = (how: FollowedLoad) => {
    this.asked.push(how);
    return new Promise<LoadResult>((finish, fail) => this.open.push({ finish, fail }));
  };

  get running(): number {
    return this.open.length;
  }

  async finish(fields: Partial<LoadResult> = {}): Promise<void> {
    this.open.shift()?.finish({ ...emptyLoadResult(req), ...fields });
    await new Promise((r) => setImmediate(r));
  }

  async fail(error: Error): Promise<void> {
    this.open.shift()?.fail(error);
    await new Promise((r) => setImmediate(r));
  }
}

describe('LoadFollower', () => {
  it('runs one load at a time, and answers the asks made while one runs with one more load', async () => {
    const loads = new Loads();
    const follower = new LoadFollower(loads.load);
    follower.ask();
    follower.ask();
    follower.ask();
    expect(loads.running).toBe(1);
    await loads.finish({ manifestsLoaded: 1, rowsStaged: 10 });
    expect(loads.asked).toHaveLength(2);
    await loads.finish({ manifestsLoaded: 2, rowsStaged: 20 });
    expect(loads.running).toBe(0);

    const done = follower.finish('all');
    await new Promise((r) => setImmediate(r));
    await loads.finish({ manifestsLoaded: 1, rowsStaged: 5 });
    expect(await done).toMatchObject({ manifestsLoaded: 4, rowsStaged: 35 });
    expect(loads.asked.map((a) => a.early)).toEqual([true, true, false]);
  });

  it('waits for the load running before the last one, and asks nothing after finish', async () => {
    const loads = new Loads();
    const follower = new LoadFollower(loads.load);
    follower.ask();
    const done = follower.finish('all');
    follower.ask();
    await loads.finish({ manifestsLoaded: 1 });
    expect(loads.asked.map((a) => a.early)).toEqual([true, false]);
    await loads.finish();
    expect((await done)?.manifestsLoaded).toBe(1);
  });

  it('expects new keys after a load that copied straight into the table, and not after one that merged', async () => {
    const loads = new Loads();
    const follower = new LoadFollower(loads.load);
    follower.ask();
    await loads.finish({ manifestsLoaded: 1, copiedIntoEmptyTable: true });
    follower.ask();
    await loads.finish(); // nothing pending: says nothing about the keys
    follower.ask();
    await loads.finish({ manifestsLoaded: 1, copiedIntoEmptyTable: false });
    const done = follower.finish('all');
    await new Promise((r) => setImmediate(r));
    await loads.finish();
    await done;
    expect(loads.asked.map((a) => a.newKeysExpected)).toEqual([false, true, true, false]);
  });

  it('stops at the first failed load: later asks are ignored, no last load runs, and finish throws its error', async () => {
    const loads = new Loads();
    const follower = new LoadFollower(loads.load);
    follower.ask();
    follower.ask();
    await loads.fail(new Error('warehouse down'));
    follower.ask();
    expect(loads.running).toBe(0);
    await expect(follower.finish('all')).rejects.toThrow('warehouse down');
    expect(loads.asked).toHaveLength(1);
  });

  it('with none (a stopped run) waits for the running load only; with no load at all it has no result', async () => {
    const loads = new Loads();
    expect(await new LoadFollower(loads.load).finish('none')).toBeUndefined();
    const follower = new LoadFollower(loads.load);
    follower.ask();
    const done = follower.finish('none');
    await loads.finish({ manifestsLoaded: 2 });
    expect((await done)?.manifestsLoaded).toBe(2);
    expect(loads.asked).toHaveLength(1);
  });

  it('after a failed extract loads the rest as an early load, and only when the extract committed manifests', async () => {
    const loads = new Loads();
    expect(await new LoadFollower(loads.load).finish('adding')).toBeUndefined();
    expect(loads.asked).toEqual([]);
    const follower = new LoadFollower(loads.load);
    follower.ask();
    await loads.finish({ manifestsLoaded: 1 });
    const done = follower.finish('adding');
    await new Promise((r) => setImmediate(r));
    await loads.finish({ manifestsLoaded: 1 });
    expect((await done)?.manifestsLoaded).toBe(2);
    expect(loads.asked.map((a) => a.early)).toEqual([true, true]);
  });
});
