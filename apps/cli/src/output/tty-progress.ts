import { clearScreenDown, moveCursor } from 'node:readline';
import { RunEvent } from '@tidemark/sync';
import { finishedText, runningText } from './progress-text';
import { DisplayStream, RunDisplay } from './run-display';
import { ProgressBoard, TableProgress } from './table-progress';

const NAME_WIDTH_MAX = 40;

/**
 * A live block on a terminal: one line per running table (rows, rows/s,
 * ETA) and a line of counts, redrawn in place on every event and every
 * `refreshMs`. A table that finishes gets a permanent line above the block.
 * `close` removes the block, leaving only the finished lines.
 */
export class TtyProgress implements RunDisplay {
  readonly showsEta = true;
  private readonly board = new ProgressBoard();
  private readonly finished: string[] = [];
  private drawnLines = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly out: DisplayStream,
    private readonly now: () => number = Date.now,
    refreshMs = 1000,
  ) {
    this.timer = setInterval(() => this.draw(), refreshMs);
    this.timer.unref();
  }

  onEvent(event: RunEvent): void {
    const table = this.board.apply(event, this.now());
    if (table && event.type === 'table-finished') this.finished.push(this.line(table, finishedText(event.outcome)));
    this.draw();
  }

  close(): void {
    clearInterval(this.timer);
    this.draw(false);
  }

  private draw(live = true): void {
    this.erase();
    for (const line of this.finished.splice(0)) this.out.write(line + '\n');
    if (!live) return;
    const now = this.now();
    const lines = [
      ...this.board.running().map((t) => this.line(t, runningText(t, now))),
      this.fit(`  ${this.board.counts()}`),
    ];
    this.out.write(lines.join('\n') + '\n');
    this.drawnLines = lines.length;
  }

  private erase(): void {
    if (this.drawnLines === 0) return;
    moveCursor(this.out, 0, -this.drawnLines);
    clearScreenDown(this.out);
    this.drawnLines = 0;
  }

  private line(t: TableProgress, text: string): string {
    const width = Math.min(NAME_WIDTH_MAX, Math.max(...this.board.all().map((x) => x.table.length)));
    return this.fit(`  ${t.table.padEnd(width)}  ${text}`);
  }

  /** A line longer than the terminal would wrap, and the block would no longer be erased whole. */
  private fit(line: string): string {
    // A pseudo-terminal nobody sized (`script`, some CI runners) says 0 columns.
    const columns = this.out.columns || 80;
    return line.length < columns ? line : line.slice(0, Math.max(1, columns - 2)) + '…';
  }
}
