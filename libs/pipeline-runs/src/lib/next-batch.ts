import { setTimeout as sleep } from 'node:timers/promises';
import { ContinuousSettings } from '@tidemark/config';

/** Why the next micro-batch starts now, or that the service is stopping. */
export type NextBatch = 'interval' | 'rows' | 'stopped';

/**
 * Waits for a continuous pipeline's next micro-batch: `intervalSeconds`
 * after the last one ended, or sooner once `waiting()` counts
 * `maxBufferedRows` rows (asked every `probeSeconds`). A probe that fails
 * is told to `onProbeError` and the wait goes on: the interval still comes.
 */
export async function waitForNextBatch(
  settings: ContinuousSettings,
  waiting: (atMost: number) => Promise<number>,
  signal: AbortSignal,
  onProbeError: (error: unknown) => void,
): Promise<NextBatch> {
  const due = Date.now() + settings.intervalSeconds * 1000;
  const { maxBufferedRows } = settings;
  for (;;) {
    const left = due - Date.now();
    if (left <= 0) return 'interval';
    const step = maxBufferedRows === undefined ? left : Math.min(left, settings.probeSeconds * 1000);
    try {
      await sleep(step, undefined, { signal });
    } catch {
      return 'stopped';
    }
    if (maxBufferedRows === undefined || due - Date.now() <= 0) continue;
    const rows = await waiting(maxBufferedRows).catch((error: unknown) => {
      onProbeError(error);
      return 0;
    });
    if (signal.aborted) return 'stopped';
    if (rows >= maxBufferedRows) return 'rows';
  }
}
