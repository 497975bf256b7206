import { RunEvent } from '@tidemark/sync';
import { onSqlSent } from '@tidemark/timeouts';
import { stackWithCauses } from './report-error';
import { DisplayStream, RunDisplay } from './run-display';
import { sqlDebugLines } from './sql-debug-line';

/** The event's details, without what its type already says. */
function details(event: RunEvent): string {
  const { type, ...rest } = event as RunEvent & { error?: unknown };
  delete rest.error;
  return `${type} ${JSON.stringify(rest)}`;
}

/**
 * `--debug`: every event of the run as a timestamped line, every statement
 * sent to MySQL and to the warehouse with its bound values, what each load
 * cost the warehouse, and the stack of each failure.
 */
export class DebugLog implements RunDisplay {
  readonly showsEta = true;
  private readonly stopSql: () => void;

  constructor(
    private readonly out: DisplayStream,
    private readonly now: () => number = Date.now,
  ) {
    this.stopSql = onSqlSent((event) => this.out.write(sqlDebugLines(event, new Date(this.now()).toISOString())));
  }

  onEvent(event: RunEvent): void {
    this.out.write(`debug ${new Date(this.now()).toISOString()} ${details(event)}\n`);
    if (event.type === 'load-finished' && event.result.manifestsLoaded + event.result.manifestsReconciled > 0) {
      const c = event.result.warehouseCost;
      this.out.write(
        `debug ${event.table}: the load cost ${c.statements} statement(s) in ${c.roundTrips} round trip(s) to the warehouse, ` +
          `${c.copies} COPY, ${c.transactions} transaction(s)\n`,
      );
    }
    if (event.type === 'table-finished' && event.error !== undefined) {
      this.out.write(`debug ${event.outcome.table}: ${stackWithCauses(event.error)}\n`);
    }
  }

  close(): void {
    this.stopSql();
  }
}
