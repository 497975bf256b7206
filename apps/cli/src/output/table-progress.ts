import { RunEvent, TableOutcome } from '@tidemark/sync';

export type TablePhase = 'waiting' | 'starting' | 'extracting' | 'loading' | 'done';

/** What a progress display knows about one table, kept up to date from the run's events. */
export class TableProgress {
  phase: TablePhase = 'waiting';
  startedAt?: number;
  rows = 0;
  files = 0;
  /** The most rows the extraction will read, when known (`--limit` or an estimate). */
  expectedRows?: number;
  extractStartedAt?: number;
  /** Between extract-started and extract-finished. */
  private extracting = false;
  /** Set while a load runs. */
  loadStartedAt?: number;
  /** Rows the table's finished loads of this run staged. */
  loadedRows = 0;
  loadManifests = 0;
  loadRows = 0;
  /** Staged so far by the load: manifests and rows. */
  stagedManifests = 0;
  stagedRows = 0;
  outcome?: TableOutcome;

  constructor(readonly table: string) {}

  apply(event: RunEvent, now: number): void {
    switch (event.type) {
      case 'table-started':
        this.phase = 'starting';
        this.startedAt = now;
        break;
      case 'extract-started':
        this.phase = 'extracting';
        this.extracting = true;
        this.extractStartedAt = now;
        this.expectedRows = event.expectedRows;
        break;
      case 'extract-progress':
        this.rows = event.rows;
        this.files = event.files;
        break;
      case 'extract-finished':
        this.rows = event.result.rows;
        this.files = event.result.files;
        this.extracting = false;
        if (this.loadStartedAt !== undefined) this.phase = 'loading';
        break;
      case 'load-started':
        // A load that follows the extract (ADR 0036) starts while it runs: the table is extracting until it ends.
        if (!this.extracting) this.phase = 'loading';
        this.loadStartedAt = now;
        this.loadManifests = event.manifests;
        this.loadRows = event.rows;
        this.stagedManifests = 0;
        this.stagedRows = 0;
        break;
      case 'load-finished':
        this.loadStartedAt = undefined;
        this.loadedRows += event.result.rowsStaged;
        break;
      case 'load-progress':
        this.stagedManifests = event.manifests;
        this.stagedRows = event.rows;
        break;
      case 'table-finished':
        this.phase = 'done';
        this.outcome = event.outcome;
        break;
    }
  }

  /** Extracted rows per second since the extraction started. */
  rowsPerSecond(now: number): number | undefined {
    if (this.extractStartedAt === undefined || this.rows === 0) return undefined;
    const seconds = (now - this.extractStartedAt) / 1000;
    return seconds > 0 ? this.rows / seconds : undefined;
  }

  /** Seconds until the extraction reaches its expected rows at the rate so far. */
  etaSeconds(now: number): number | undefined {
    const rate = this.rowsPerSecond(now);
    if (rate === undefined || this.expectedRows === undefined || this.rows >= this.expectedRows) return undefined;
    return (this.expectedRows - this.rows) / rate;
  }
}

/** Every table of a run, in run order, with counts of where they are. */
export class ProgressBoard {
  private readonly tables = new Map<string, TableProgress>();

  /** Applies an event and returns the table it concerns (none for `run-started` and `run-failed`). */
  apply(event: RunEvent, now: number): TableProgress | undefined {
    if (event.type === 'run-failed') return undefined;
    if (event.type === 'run-started') {
      for (const table of event.tables) this.tables.set(table, new TableProgress(table));
      return undefined;
    }
    const key = event.type === 'table-finished' ? event.outcome.table : event.table;
    let table = this.tables.get(key);
    if (!table) {
      table = new TableProgress(key);
      this.tables.set(key, table);
    }
    table.apply(event, now);
    return table;
  }

  all(): TableProgress[] {
    return [...this.tables.values()];
  }

  running(): TableProgress[] {
    return this.all().filter((t) => t.phase !== 'waiting' && t.phase !== 'done');
  }

  /** `2 running, 3 of 10 done (1 failed), 5 waiting`. */
  counts(): string {
    const all = this.all();
    const done = all.filter((t) => t.phase === 'done');
    const failed = done.filter((t) => t.outcome?.status !== 'success').length;
    const waiting = all.filter((t) => t.phase === 'waiting').length;
    return `${this.running().length} running, ${done.length} of ${all.length} done${failed ? ` (${failed} not successful)` : ''}, ${waiting} waiting`;
  }
}
