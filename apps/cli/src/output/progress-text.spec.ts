import { LoadResult } from '@tidemark/loading';
import { extractProgressText, formatDuration, runningText } from './progress-text';
import { TableProgress } from './table-progress';

describe('progress text', () => {
  it('formats durations as seconds, minutes and seconds, or hours and minutes', () => {
    expect([0.4, 42, 65, 3599, 3600, 7620].map(formatDuration)).toEqual([
      '0s',
      '42s',
      '1m05s',
      '59m59s',
      '1h00m',
      '2h07m',
    ]);
  });

  it('gives rows/s from the start of the extraction and an ETA only when the ceiling is known and not reached', () => {
    const t = new TableProgress('shop.orders');
    t.apply({ type: 'extract-started', table: 'shop.orders', expectedRows: 10_000 }, 0);
    expect(extractProgressText(t, 500)).toBe('0 of ~10,000 rows in 0 file(s) so far');
    t.apply({ type: 'extract-progress', table: 'shop.orders', rows: 2_500, files: 1 }, 5_000);
    expect(extractProgressText(t, 5_000)).toBe('2,500 of ~10,000 rows in 1 file(s) so far, 500 rows/s, ETA ~15s');
    t.apply({ type: 'extract-progress', table: 'shop.orders', rows: 12_000, files: 3 }, 10_000);
    expect(extractProgressText(t, 10_000)).toBe('12,000 rows in 3 file(s) so far, 1,200 rows/s');

    const unknown = new TableProgress('shop.events');
    unknown.apply({ type: 'extract-started', table: 'shop.events' }, 0);
    unknown.apply({ type: 'extract-progress', table: 'shop.events', rows: 300, files: 1 }, 3_000);
    expect(extractProgressText(unknown, 3_000)).toBe('300 rows in 1 file(s) so far, 100 rows/s');
  });

  it('keeps a table extracting while a load that follows the extract runs, then shows the load once the extract ended', () => {
    const t = new TableProgress('shop.orders');
    const loaded = (rowsStaged: number) => ({ rowsStaged, manifestsLoaded: 1 }) as LoadResult;
    t.apply({ type: 'extract-started', table: 'shop.orders' }, 0);
    t.apply({ type: 'extract-progress', table: 'shop.orders', rows: 1_000, files: 1 }, 1_000);
    t.apply({ type: 'load-started', table: 'shop.orders', manifests: 1, rows: 1_000 }, 1_000);
    expect(t.phase).toBe('extracting');
    t.apply({ type: 'load-finished', table: 'shop.orders', result: loaded(1_000) }, 2_000);
    t.apply({ type: 'extract-progress', table: 'shop.orders', rows: 2_000, files: 2 }, 2_000);
    expect(runningText(t, 2_000)).toBe('extracting: 2,000 rows in 2 file(s) so far, 1,000 rows/s; 1,000 rows loaded');
    t.apply({ type: 'load-started', table: 'shop.orders', manifests: 1, rows: 1_000 }, 2_000);
    t.apply({ type: 'extract-finished', table: 'shop.orders', result: { rows: 2_000, files: 2 } as never }, 3_000);
    expect(t.phase).toBe('loading');
    expect(runningText(t, 4_000)).toBe('loading 1 pending manifest(s) with 1,000 rows, 2s');
  });
});
