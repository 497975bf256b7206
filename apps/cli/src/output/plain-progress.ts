import { RunEvent } from '@tidemark/sync';
import { formatCount } from './format';
import { extractProgressText, loadProgressText, loadStartText } from './progress-text';
import { DisplayStream, RunDisplay } from './run-display';
import { ProgressBoard } from './table-progress';

/** A long load (a reload, a backlog) says how far staging got at most this often. */
const STAGED_LINE_MS = 2_000;

/**
 * One plain line per step, for logs and pipes: each Parquet file written
 * (rows so far, rows/s, ETA), and the start and end of each load. A table's
 * failure is left to the error lines printed at the end.
 */
export class PlainProgress implements RunDisplay {
  readonly showsEta = true;
  private readonly board = new ProgressBoard();
  private readonly lastStagedLine = new Map<string, number>();

  constructor(
    private readonly out: DisplayStream,
    private readonly now: () => number = Date.now,
  ) {}

  onEvent(event: RunEvent): void {
    const t = this.board.apply(event, this.now());
    if (!t) return;
    if (event.type === 'extract-progress') this.say(t.table, extractProgressText(t, this.now()));
    if (event.type === 'load-started') this.say(t.table, loadStartText(t));
    if (event.type === 'load-progress' && this.now() - (this.lastStagedLine.get(t.table) ?? t.loadStartedAt ?? 0) >= STAGED_LINE_MS) {
      this.lastStagedLine.set(t.table, this.now());
      this.say(t.table, loadProgressText(t));
    }
    if (event.type === 'load-finished') {
      const r = event.result;
      this.say(
        t.table,
        `loaded ${formatCount(r.rowsStaged)} rows from ${r.manifestsLoaded} manifest(s) in ${r.seconds.toFixed(1)} s`,
      );
    }
  }

  close(): void {
    return;
  }

  private say(table: string, text: string): void {
    this.out.write(`${table}: ${text}\n`);
  }
}
