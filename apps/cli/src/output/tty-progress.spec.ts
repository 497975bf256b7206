import { Writable } from 'node:stream';
import { ExtractResult } from '@tidemark/extraction';
import { TableOutcome } from '@tidemark/sync';
import { TtyProgress } from './tty-progress';

const ESC = String.fromCharCode(27);
/** Text, newlines, and the two escape sequences the display uses: cursor up and clear down. */
const TOKENS = new RegExp(`${ESC}\\[\\d*[AJ]|\\n|[^${ESC}\\n]+`, 'g');

/** A real Writable that says it is a terminal, keeping what was written. */
class Terminal extends Writable {
  readonly isTTY = true;
  written = '';

  constructor(readonly columns = 100) {
    super();
  }

  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.written += chunk.toString();
    done();
  }

  /** What the screen shows: text and newlines, cursor-up (ESC [ n A) and clear-down (ESC [ 0 J) as a terminal applies them. */
  screen(): string[] {
    const rows: string[] = [''];
    let row = 0;
    for (const token of this.written.match(TOKENS) ?? []) {
      if (token === '\n') {
        row++;
        rows[row] ??= '';
      } else if (token === `${ESC}[0J`) {
        rows.splice(row + 1);
        rows[row] = '';
      } else if (token.startsWith(ESC)) {
        row = Math.max(0, row - Number(token.slice(2, -1) || 1));
      } else {
        rows[row] += token;
      }
    }
    return rows.slice(0, rows[rows.length - 1] === '' ? -1 : undefined).map((r) => r.trimEnd());
  }
}

const extract = (rows: number, files: number) =>
  ({ tableKey: 'shop.orders', rows, files, bytes: 1, seconds: 4 }) as ExtractResult;

function success(table: string): TableOutcome {
  return { table, status: 'success', seconds: 4.2, result: { pipeline: 'p', table, extract: extract(1000, 2) } };
}

describe('TtyProgress (a live block on a terminal)', () => {
  let clock: number;
  const now = () => clock;
  let terminal: Terminal;
  let display: TtyProgress;

  beforeEach(() => {
    clock = 1_000_000;
    terminal = new Terminal();
    display = new TtyProgress(terminal, now, 60_000);
    display.onEvent({ type: 'run-started', pipeline: 'p', tables: ['shop.orders', 'shop.customers'], parallel: 2 });
  });

  afterEach(() => display.close());

  it('shows each running table with rows, rows/s and ETA, redrawn in place', () => {
    display.onEvent({ type: 'table-started', table: 'shop.orders' });
    display.onEvent({ type: 'extract-started', table: 'shop.orders', expectedRows: 1000 });
    clock += 2000;
    display.onEvent({ type: 'extract-progress', table: 'shop.orders', rows: 500, files: 1 });
    expect(terminal.screen()).toEqual([
      '  shop.orders     extracting: 500 of ~1,000 rows in 1 file(s) so far, 250 rows/s, ETA ~2s',
      '  1 running, 0 of 2 done, 1 waiting',
    ]);
    clock += 1000;
    display.onEvent({ type: 'extract-progress', table: 'shop.orders', rows: 600, files: 2 });
    expect(terminal.screen()).toEqual([
      '  shop.orders     extracting: 600 of ~1,000 rows in 2 file(s) so far, 200 rows/s, ETA ~2s',
      '  1 running, 0 of 2 done, 1 waiting',
    ]);
    expect(terminal.written).toContain(`${ESC}[2A`);
  });

  it('keeps a line for each finished table above the block, and leaves only those when closed', () => {
    display.onEvent({ type: 'table-started', table: 'shop.orders' });
    display.onEvent({ type: 'table-started', table: 'shop.customers' });
    display.onEvent({ type: 'load-started', table: 'shop.customers', manifests: 3, rows: 1234 });
    display.onEvent({ type: 'table-finished', outcome: success('shop.orders') });
    clock += 5000;
    display.onEvent({
      type: 'table-finished',
      outcome: {
        table: 'shop.customers',
        status: 'failed',
        failedStage: 'load',
        error: 'warehouse unreachable',
        seconds: 5,
      },
    });
    expect(terminal.screen()).toEqual([
      '  shop.orders     success: extracted 1,000 rows in 2 file(s), 4.2 s',
      '  shop.customers  failed (load) after 5.0 s: warehouse unreachable',
      '  0 running, 2 of 2 done (1 not successful), 0 waiting',
    ]);
    display.close();
    expect(terminal.screen()).toEqual([
      '  shop.orders     success: extracted 1,000 rows in 2 file(s), 4.2 s',
      '  shop.customers  failed (load) after 5.0 s: warehouse unreachable',
    ]);
  });

  it('shows a load with what it loads and for how long, refreshed by its timer between events', async () => {
    display.close();
    terminal = new Terminal();
    display = new TtyProgress(terminal, now, 10);
    display.onEvent({ type: 'table-started', table: 'shop.orders' });
    display.onEvent({ type: 'load-started', table: 'shop.orders', manifests: 3, rows: 1234 });
    expect(terminal.screen()[0]).toBe('  shop.orders  loading 3 pending manifest(s) with 1,234 rows, 0s');
    clock += 65_000;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(terminal.screen()).toEqual([
      '  shop.orders  loading 3 pending manifest(s) with 1,234 rows, 1m05s',
      '  1 running, 0 of 1 done, 0 waiting',
    ]);
  });

  /** A display on a terminal `columns` wide, one table extracting with `rows` in `files` so far. */
  const extractingOn = (columns: number, rows: number, files: number) => {
    display.close();
    terminal = new Terminal(columns);
    display = new TtyProgress(terminal, now, 60_000);
    display.onEvent({ type: 'table-started', table: 'shop.orders' });
    display.onEvent({ type: 'extract-started', table: 'shop.orders' });
    display.onEvent({ type: 'extract-progress', table: 'shop.orders', rows, files });
  };

  it('cuts lines to the terminal width, so the block never wraps', () => {
    extractingOn(40, 123_456_789, 99);
    const screen = terminal.screen();
    expect(screen[0]).toBe('  shop.orders  extracting: 123,456,789…');
    expect(screen.every((line) => line.length < 40)).toBe(true);
  });

  it('takes a terminal that says it has 0 columns (an unsized pseudo-terminal) as 80 wide, not as 1', () => {
    extractingOn(0, 1000, 1);
    expect(terminal.screen()[0]).toBe('  shop.orders  extracting: 1,000 rows in 1 file(s) so far');
  });
});
