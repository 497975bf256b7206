import { Readable } from 'node:stream';
import { readBatches } from './read-batches';

const numbers = (n: number) => Array.from({ length: n }, (_, i) => [i]);

/** A stream whose rows the test pushes itself. */
const manualStream = () =>
  new Readable({
    objectMode: true,
    read: () => undefined,
  });

async function collect(stream: Readable): Promise<unknown[][][]> {
  const batches: unknown[][][] = [];
  for await (const batch of readBatches<unknown[]>(stream)) batches.push([...batch]);
  return batches;
}

describe('readBatches', () => {
  it('yields every row once, in order, in batches of at most maxBatch rows', async () => {
    const batches = await collect(Readable.from(numbers(5000), { highWaterMark: 100 }));
    expect(batches.flat()).toEqual(numbers(5000));
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(1024);
    expect(batches.length).toBeLessThan(5000 / 50);
  });

  it('ends at once for an empty stream', async () => {
    expect(await collect(Readable.from([]))).toEqual([]);
  });

  it('keeps backpressure: the stream is not read ahead while the consumer works', async () => {
    let produced = 0;
    const stream = new Readable({
      objectMode: true,
      highWaterMark: 10,
      read() {
        this.push(produced < 1000 ? [produced++] : null);
      },
    });
    for await (const batch of readBatches<unknown[]>(stream)) {
      const seen = (batch[batch.length - 1][0] as number) + 1;
      await new Promise((r) => setTimeout(r, 1));
      expect(produced - seen).toBeLessThanOrEqual(11);
    }
    expect(produced).toBe(1000);
  });

  it('throws the error the stream failed with, after the rows read before it', async () => {
    const stream = manualStream();
    stream.push([1]);
    setImmediate(() => stream.destroy(new Error('lost MySQL connection')));
    const rows: unknown[][] = [];
    await expect(
      (async () => {
        for await (const batch of readBatches<unknown[]>(stream)) rows.push(...batch);
      })(),
    ).rejects.toThrow('lost MySQL connection');
    expect(rows).toEqual([[1]]);
  });

  it('fails on a stream closed before its end without an error', async () => {
    const stream = manualStream();
    setImmediate(() => stream.destroy());
    await expect(collect(stream)).rejects.toThrow('Premature close');
  });

  it('destroys the stream when the consumer stops early', async () => {
    const stream = Readable.from(numbers(10_000), { highWaterMark: 10 });
    for await (const batch of readBatches<unknown[]>(stream)) {
      expect(batch.length).toBeGreaterThan(0);
      break;
    }
    expect(stream.destroyed).toBe(true);
  });
});
