import { Gauge, Registry } from 'prom-client';
import { millisFromCanonical, Watermark } from '@tidemark/watermark-model';

/** Seconds from a canonical UTC cursor (`YYYY-MM-DD HH:MM:SS.ffffff`) to `now`; never negative. */
export function cursorAgeSeconds(cursor: string, now: number): number {
  return Math.max(0, (now - millisFromCanonical(cursor)) / 1000);
}

/**
 * `tidemark_table_lag_seconds`: for every table with a timestamp cursor,
 * how far its extract cursor trails the clock, read from the watermark
 * authority at each scrape. A table whose source has had no new rows for
 * an hour shows an hour: it is the age of the newest row copied.
 * `tidemark status --lag` measures against the source's newest row instead.
 */
export function registerTableLag(
  registry: Registry,
  watermarks: () => Promise<Watermark[]>,
  onError: (error: unknown) => void,
): Gauge<'pipeline' | 'table'> {
  return new Gauge({
    name: 'tidemark_table_lag_seconds',
    help: 'Seconds between now and the extract cursor (newest row timestamp copied) of each table.',
    labelNames: ['pipeline', 'table'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      let list: Watermark[];
      try {
        list = await watermarks();
      } catch (error) {
        onError(error);
        return;
      }
      const now = Date.now();
      for (const w of list) {
        const cursor = w.extract.cursor.timestamp;
        if (cursor) this.set({ pipeline: w.pipeline, table: w.table }, cursorAgeSeconds(cursor, now));
      }
    },
  });
}
