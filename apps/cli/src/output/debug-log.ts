import { RunEvent } from '@tidemark/sync';
import { stackWithCauses } from './report-error';
import { DisplayStream, RunDisplay } from './run-display';

/** The event's details, without what its type already says. */
function details(event: RunEvent): string {
  const { type, ...rest } = event as RunEvent & { error?: unknown };
  delete rest.error;
  return `${type} ${JSON.stringify(rest)}`;
}

/**
 * `--debug`: every event of the run as a timestamped line, what each load
 * cost the warehouse, and the stack of each failure.
 */
export class DebugLog implements RunDisplay {
  readonly showsEta = true;

  constructor(
    private readonly out: DisplayStream,
    private readonly now: () => number = Date.now,
  ) {}

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
    return;
  }
}
