import { BoundQuery, OpenWrite, SourceClock } from '@tidemark/cdc';
import { canonicalTimestamp } from '@tidemark/watermark-model';
import { innodbTransactions } from './innodb-status-transactions';

type Query = <T>(q: BoundQuery) => Promise<T[]>;

/** MySQL/MariaDB: reading other sessions' transactions needs the PROCESS privilege. */
const ER_SPECIFIC_ACCESS_DENIED_ERROR = 1227;

/**
 * Statements that cannot write a row. Anything else that is running (an
 * UPDATE still scanning, an INSERT waiting for a lock) may yet commit a
 * value stamped with its start time.
 */
const READ_ONLY_STATEMENT = /^\s*(?:\/\*[\s\S]*?\*\/\s*)*(?:SELECT|SHOW|DESCRIBE|DESC|EXPLAIN|HELP)\b/i;

interface ProcessRow {
  ID: number | string;
  USER: string | null;
  HOST: string | null;
  DB: string | null;
  COMMAND: string;
  TIME: number | string;
  /** MariaDB only: the same in milliseconds. */
  TIME_MS?: number | string;
  INFO: string | null;
}

interface AgedWrite {
  ageSeconds: number;
  /** Null: a transaction no connection owns (recovered, XA prepared). */
  thread: number | null;
  kind: OpenWrite['kind'];
}

type Unseen = NonNullable<SourceClock['unseenBecause']>;

/** Reads of the status while a transaction that wrote is between states. */
const STATUS_READS = 3;

/**
 * The source's current time and how long ago the oldest write that may
 * still commit began (see `safeCeiling`), and whose it is. Ages come from
 * the server itself, in seconds, so no time zone enters them.
 */
export async function readSourceClock(query: Query): Promise<SourceClock> {
  const now = await readSourceNow(query);
  const transaction = await oldestWritingTransaction(query);
  if (typeof transaction === 'string') return { now, openWrites: null, unseenBecause: transaction };
  const processes = await runningProcesses(query, transaction?.thread ?? null);
  const statements = processes.filter(isWritingStatement).map(
    (p): AgedWrite => ({
      ageSeconds: p.TIME_MS === undefined ? Number(p.TIME) + 1 : Math.ceil(Number(p.TIME_MS) / 1000),
      thread: Number(p.ID),
      kind: 'statement',
    }),
  );
  const oldest = oldestOf(transaction ? [transaction, ...statements] : statements);
  if (!oldest) return { now, openWrites: { oldestAgeSeconds: null } };
  return { now, openWrites: { oldestAgeSeconds: oldest.ageSeconds, oldest: openWriteOf(oldest, processes) } };
}

/** The source server's current time, canonical UTC (the session runs in UTC). */
export async function readSourceNow(query: Query): Promise<string> {
  const [{ now }] = await query<{ now: string }>({ sql: 'SELECT NOW(6) AS now', params: [] });
  return canonicalTimestamp(String(now));
}

/**
 * The oldest transaction that has written and not committed, from InnoDB's
 * own list (`SHOW ENGINE INNODB STATUS`), or why it cannot be known. Not
 * `information_schema.INNODB_TRX`: InnoDB refills that table's cache only
 * after 100 ms in which nobody read it, so clients that read it often
 * (monitoring, other runs) keep new transactions out of it (decision 0058).
 */
async function oldestWritingTransaction(query: Query): Promise<AgedWrite | null | Unseen> {
  for (let read = 1; ; read++) {
    let status: string;
    try {
      [{ Status: status }] = await query<{ Status: string }>({ sql: 'SHOW ENGINE INNODB STATUS', params: [] });
    } catch (error) {
      if ((error as { errno?: number }).errno === ER_SPECIFIC_ACCESS_DENIED_ERROR) return 'no-privilege';
      throw error;
    }
    const list = innodbTransactions(status);
    if (list === null) return 'incomplete-list';
    const writing = list.filter((t) => t.wrote);
    // A transaction caught between states (committing) has no age: it is gone a moment later.
    if (writing.some((t) => t.activeSeconds === null)) {
      if (read === STATUS_READS) return 'incomplete-list';
      await new Promise((r) => setTimeout(r, 10));
      continue;
    }
    return oldestOf(
      writing.map((t) => ({
        // Whole seconds, rounded down: the transaction began up to a second before it says.
        ageSeconds: Number(t.activeSeconds) + 1,
        thread: t.thread,
        kind: 'transaction',
      })),
    );
  }
}

/** The first of the oldest writes; null when there are none. */
function oldestOf(writes: AgedWrite[]): AgedWrite | null {
  return writes.reduce<AgedWrite | null>((a, b) => (!a || b.ageSeconds > a.ageSeconds ? b : a), null);
}

/**
 * Other connections' running statements, and the connection of the oldest
 * open transaction (to name it). A statement sent as text runs as `Query`;
 * a server-side prepared one (JDBC, PDO, mysql2's execute) as `Execute`.
 */
async function runningProcesses(query: Query, transactionThread: number | null): Promise<ProcessRow[]> {
  return query<ProcessRow>({
    sql: `SELECT * FROM information_schema.PROCESSLIST
           WHERE (COMMAND IN ('Query', 'Execute') OR ID = ?) AND ID <> CONNECTION_ID()`,
    params: [transactionThread ?? -1],
  });
}

/**
 * A running statement that may write. One without text counts: the server
 * fixes a statement's time (what its NOW() stamps) before it stores the
 * text, so a writer caught in between shows `Query` or `Execute` with no
 * INFO, and nothing else says it is on its way.
 */
function isWritingStatement(p: ProcessRow): boolean {
  return (p.COMMAND === 'Query' || p.COMMAND === 'Execute') && (p.INFO === null || !READ_ONLY_STATEMENT.test(p.INFO));
}

function openWriteOf(write: AgedWrite, processes: ProcessRow[]): OpenWrite {
  const p = processes.find((row) => Number(row.ID) === write.thread);
  return {
    thread: write.thread,
    user: p?.USER ?? null,
    host: p?.HOST ?? null,
    database: p?.DB ?? null,
    kind: write.kind,
    ...(write.kind === 'statement' && p?.INFO ? { statement: p.INFO } : {}),
  };
}
