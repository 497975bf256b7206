import { waitForNextBatch } from './next-batch';

const settings = (intervalSeconds: number, maxBufferedRows?: number, probeSeconds = 1) => ({
  intervalSeconds,
  maxBufferedRows,
  probeSeconds,
});

describe('waitForNextBatch', () => {
  it('waits the interval when no row count is asked for, and never probes', async () => {
    const probe = jest.fn(async () => 1_000_000);
    const started = Date.now();
    expect(await waitForNextBatch(settings(1), probe, new AbortController().signal, () => undefined)).toBe('interval');
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
    expect(probe).not.toHaveBeenCalled();
  });

  it('starts sooner once the probe counts enough waiting rows, asking for at most that many', async () => {
    const counts = [10, 40, 150];
    const probe = jest.fn(async () => counts.shift() ?? 0);
    const started = Date.now();
    expect(await waitForNextBatch(settings(30, 100), probe, new AbortController().signal, () => undefined)).toBe(
      'rows',
    );
    expect(probe.mock.calls).toEqual([[100], [100], [100]]);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('goes on to the interval when the probe fails, telling why', async () => {
    const errors: unknown[] = [];
    const probe = async () => {
      throw new Error('source down');
    };
    expect(await waitForNextBatch(settings(2, 5), probe, new AbortController().signal, (e) => errors.push(e))).toBe(
      'interval',
    );
    expect(errors.map((e) => (e as Error).message)).toEqual(['source down']);
  });

  it('ends at once when the service stops', async () => {
    const stop = new AbortController();
    const started = Date.now();
    const waiting = waitForNextBatch(
      settings(60, 5),
      async () => 0,
      stop.signal,
      () => undefined,
    );
    setTimeout(() => stop.abort(), 50);
    expect(await waiting).toBe('stopped');
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
