import { SafeCeiling, SourceClock } from '@tidemark/cdc';

/** An open write at least this old that holds a run's ceiling back is said: the rows after it wait. */
export const HELD_BACK_WARNING_SECONDS = 5;

const STATEMENT_CHARACTERS = 120;

/**
 * Whose write holds the ceiling back, and for how long, in words; undefined
 * when the ceiling was not held back by an open write the source named.
 */
export function ceilingHolder(clock: SourceClock, safe: SafeCeiling): string | undefined {
  const writes = clock.openWrites;
  if (safe.limitedBy !== 'open-write' || !writes?.oldest) return undefined;
  const age = writes.oldestAgeSeconds;
  const { thread, user, host, database, kind, statement } = writes.oldest;
  if (thread === null)
    return `a transaction that no connection owns (recovered, or XA-prepared) has held uncommitted writes for ${age} s`;
  const who = [user && host ? `${user}@${host}` : user, database && `database ${database}`].filter(Boolean).join(', ');
  return (
    `thread ${thread}${who ? ` (${who})` : ''} ` +
    (kind === 'transaction'
      ? `has had a transaction with uncommitted writes open for ${age} s`
      : `has been running a writing statement for ${age} s (${shortened(statement ?? '')})`)
  );
}

/**
 * What to tell the user when another connection's write (`holder`, as
 * ceilingHolder says it), open at least HELD_BACK_WARNING_SECONDS, keeps
 * this run from reading its newest rows: which connection (to find the
 * application, or to end it) and from when rows wait. Undefined when the
 * ceiling was not held back, or not for long.
 */
export function heldBackWarning(
  sourceName: string,
  holder: string | undefined,
  clock: SourceClock,
  safe: SafeCeiling,
): string | undefined {
  if (!holder || (clock.openWrites?.oldestAgeSeconds ?? 0) < HELD_BACK_WARNING_SECONDS) return undefined;
  return (
    `MySQL connection "${sourceName}": ${holder}; ` +
    `rows stamped after ${safe.notAfter} UTC wait for the first run after it commits or ends`
  );
}

function shortened(sql: string): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length <= STATEMENT_CHARACTERS ? flat : `${flat.slice(0, STATEMENT_CHARACTERS)}…`;
}

/** What to tell the user when the open writes could not be seen, and the run holds back a fixed lag instead. */
export function unseenWritesWarning(sourceName: string, clock: SourceClock, fallbackLagSeconds: number): string {
  const why =
    clock.unseenBecause === 'incomplete-list'
      ? 'InnoDB did not list every open transaction (SHOW ENGINE INNODB STATUS cut its list short, or a transaction stayed between states)'
      : 'this user cannot read the open transactions (SHOW ENGINE INNODB STATUS needs GRANT PROCESS)';
  return (
    `MySQL connection "${sourceName}": ${why}, so writes still to commit are not seen; ` +
    `rows newer than ${fallbackLagSeconds} s wait for a later run (fallbackLagSeconds)`
  );
}
