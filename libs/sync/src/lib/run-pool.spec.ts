import { mapWithLimit } from './run-pool';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('mapWithLimit', () => {
  it('never runs more than the limit at once, and reaches it', async () => {
    let running = 0;
    let most = 0;
    await mapWithLimit([30, 10, 20, 5, 25, 15, 10], 3, async (ms) => {
      running++;
      most = Math.max(most, running);
      await delay(ms);
      running--;
    });
    expect(most).toBe(3);
  });

  it('gives the results in the order of the items, not the order they finished in', async () => {
    // Each item ends when the test releases it, last item first: on a busy machine timers would not keep an order.
    const release = new Map<number, () => void>();
    const finished: number[] = [];
    const running = mapWithLimit([40, 5, 20, 1], 4, async (n) => {
      await new Promise<void>((resolve) => release.set(n, resolve));
      finished.push(n);
      return n * 2;
    });
    while (release.size < 4) await delay(1);
    for (const n of [1, 5, 20, 40]) {
      release.get(n)?.();
      await delay(1);
    }
    expect(await running).toEqual([80, 10, 40, 2]);
    expect(finished).toEqual([1, 5, 20, 40]);
  });

  it('starts the next item, in item order, as soon as any one finishes', async () => {
    // Each item ends when the test says so, so the order cannot depend on timers.
    const steps: string[] = [];
    const finish: Record<string, () => void> = {};
    const settle = () => new Promise((resolve) => setImmediate(resolve));
    const all = mapWithLimit(['slow', 'fast', 'third', 'fourth'], 2, async (name) => {
      steps.push(`start ${name}`);
      await new Promise<void>((resolve) => (finish[name] = resolve));
      steps.push(`end ${name}`);
    });
    for (const name of ['fast', 'third', 'fourth', 'slow']) {
      await settle();
      finish[name]();
    }
    await all;
    expect(steps).toEqual([
      'start slow',
      'start fast',
      'end fast',
      'start third',
      'end third',
      'start fourth',
      'end fourth',
      'end slow',
    ]);
  });

  it('works one at a time with a limit of 1 and gives nothing for no items', async () => {
    let running = 0;
    let most = 0;
    await mapWithLimit([3, 1, 2], 1, async (ms) => {
      most = Math.max(most, ++running);
      await delay(ms);
      running--;
    });
    expect(most).toBe(1);
    expect(await mapWithLimit([], 3, async () => 1)).toEqual([]);
  });
});
