import { RunEvent } from '@tidemark/sync';

/** Shows a run's progress as its events arrive; `close` once the run is over. */
export interface RunDisplay {
  /** True when the display can use a row estimate (an ETA): asking MySQL for one is then worth it. */
  readonly showsEta: boolean;
  onEvent(event: RunEvent): void;
  close(): void;
}

/** A stream a display writes to: stderr, or in tests any Writable given these fields. */
export type DisplayStream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

export const silentDisplay: RunDisplay = { showsEta: false, onEvent: () => undefined, close: () => undefined };
