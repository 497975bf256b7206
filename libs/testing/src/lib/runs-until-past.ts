import { waitUntil } from './wait-until';

/** What one run left: the stored cursor's timestamp (canonical UTC) and what it warned of. */
export interface RunOutcome {
  cursor: string | null;
  warnings: string[];
}

/**
 * Runs a table's sync until its cursor is at or after `newest` (canonical
 * UTC), the source's newest cursor value once its writers have stopped. On
 * the shared server another suite's open write can hold a run's ceiling
 * back, and the rows after it wait for a later run, as they would in
 * production; a spec that checks for lost rows must wait for them, not fail.
 * Extra runs cannot hide a loss: they read only after the cursor.
 */
export async function runsUntilPast(
  newest: string,
  run: () => Promise<RunOutcome>,
  timeoutMs = 60_000,
): Promise<void> {
  const said: string[] = [];
  let last: string | null = null;
  const past = await waitUntil(
    async () => {
      const outcome = await run();
      said.push(...outcome.warnings);
      last = outcome.cursor;
      return last !== null && last >= newest;
    },
    timeoutMs,
    250,
  );
  if (!past) {
    throw new Error(
      `the cursor (${last}) did not reach the newest row (${newest}) within ${timeoutMs / 1000} s; ` +
        `the runs said: ${said.join(' | ') || 'nothing'}`,
    );
  }
}
