/** One transaction in the list `SHOW ENGINE INNODB STATUS` prints. */
export interface InnodbTransaction {
  /** The owning connection's thread id; null when none owns it (a recovered or XA-prepared transaction). */
  thread: number | null;
  /** Whole seconds since it began, rounded down as InnoDB prints them; null when its state gives none. */
  activeSeconds: number | null;
  /** It has written rows that are not committed (undo log entries). */
  wrote: boolean;
}

const LIST_START = 'LIST OF TRANSACTIONS FOR EACH SESSION:';
/** What InnoDB puts where it cut the transaction list to keep the output under 1 MB. */
const TRUNCATED = '... truncated...';
const END = 'END OF INNODB MONITOR OUTPUT';
const HEADER = /^---TRANSACTION [^,]+, (.*)$/;
const THREAD = /^(?:MariaDB|MySQL) thread id (\d+),/;

/**
 * The transactions of a `SHOW ENGINE INNODB STATUS` text, or null when the
 * list is incomplete (cut short, or no list at all). Each entry is read
 * only up to its connection's line: the statement text printed after it
 * is the application's and may hold anything, even a line that looks
 * like another transaction (which then only adds an entry).
 */
export function innodbTransactions(status: string): InnodbTransaction[] | null {
  const start = status.indexOf(LIST_START);
  if (start < 0 || status.includes(TRUNCATED) || !status.includes(END)) return null;
  const transactions: InnodbTransaction[] = [];
  let current: InnodbTransaction | undefined;
  for (const line of status.slice(start + LIST_START.length).split('\n')) {
    const header = HEADER.exec(line);
    if (header) {
      const state = header[1];
      const active = /^ACTIVE (?:\(PREPARED\) )?(\d+) sec\b/.exec(state);
      current = { thread: null, activeSeconds: active ? Number(active[1]) : null, wrote: false };
      if (!state.startsWith('not started')) transactions.push(current);
      continue;
    }
    if (!current) continue;
    const thread = THREAD.exec(line);
    if (thread) {
      current.thread = Number(thread[1]);
      current = undefined;
    } else if (/\bundo log entries [1-9]/.test(line)) {
      current.wrote = true;
    }
  }
  return transactions;
}
