import { BoundQuery, SourceClock } from '@tidemark/cdc';
import { canonicalTimestamp } from '@tidemark/watermark-model';

type Query = <T>(q: BoundQuery) => Promise<T[]>;

/** MySQL/MariaDB: reading another session's transactions needs the PROCESS privilege. */
const ER_SPECIFIC_ACCESS_DENIED_ERROR = 1227;

/**
 * Statements that cannot write a row. Anything else that is running (an
 * UPDATE still scanning, an INSERT waiting for a lock) may yet commit a
 * value stamped with its start time.
 */
const READ_ONLY_STATEMENT = /^\s*(?:\/\*[\s\S]*?\*\/\s*)*(?:SELECT|SHOW|DESCRIBE|DESC|EXPLAIN|HELP)\b/i;

interface RunningStatement {
  TIME: number | string;
  /** MariaDB only: the same in milliseconds. */
  TIME_MS?: number | string;
  INFO: string | null;
}

interface ClockRow extends Partial<RunningStatement> {
  now: string;
  /** Seconds since the oldest open transaction that has written began; null: none. */
  trxAge: number | string | null;
}

/**
 * One round trip: the clock, the oldest writing transaction's age and the
 * running statements (one row each, or one row of NULLs when none). NOW() is
 * fixed at the statement's start, so anything the two lists show began
 * before it or after it, which only makes the ceiling lower, as when these
 * were three statements in a row. InnoDB reports trx_started in the server's
 * system zone; the session runs in UTC, so it is converted before the age is
 * taken (CONVERT_TZ with 'SYSTEM' needs no time zone tables).
 */
const CLOCK_SQL = `SELECT c.now, c.trxAge, p.*
  FROM (SELECT NOW(6) AS now,
               (SELECT TIMESTAMPDIFF(SECOND, CONVERT_TZ(MIN(trx_started), 'SYSTEM', '+00:00'), NOW())
                  FROM information_schema.INNODB_TRX
                 WHERE trx_rows_modified > 0 AND trx_mysql_thread_id <> CONNECTION_ID()) AS trxAge) c
  LEFT JOIN information_schema.PROCESSLIST p ON p.COMMAND = 'Query' AND p.ID <> CONNECTION_ID()`;

/**
 * The source's current time and how long ago the oldest write that may
 * still commit began (see `safeCeiling`). A user without the PROCESS
 * privilege cannot read INNODB_TRX: then only the time is read, and
 * `openWrites` is null.
 */
export async function readSourceClock(query: Query): Promise<SourceClock> {
  let rows: ClockRow[];
  try {
    rows = await query<ClockRow>({ sql: CLOCK_SQL, params: [] });
  } catch (error) {
    if ((error as { errno?: number }).errno === ER_SPECIFIC_ACCESS_DENIED_ERROR) {
      return { now: await readSourceNow(query), openWrites: null };
    }
    throw error;
  }
  const [{ now, trxAge }] = rows;
  // trx_started has whole seconds: the transaction began up to a second before it says.
  const transactionAge = trxAge === null ? null : Number(trxAge) + 1;
  const statementAge = oldestWritingStatementAge(rows);
  const ages = [transactionAge, statementAge].filter((a): a is number => a !== null);
  return {
    now: canonicalTimestamp(String(now)),
    openWrites: { oldestAgeSeconds: ages.length ? Math.max(...ages) : null },
  };
}

/** The source server's current time, canonical UTC (the session runs in UTC). */
export async function readSourceNow(query: Query): Promise<string> {
  const [{ now }] = await query<{ now: string }>({ sql: 'SELECT NOW(6) AS now', params: [] });
  return canonicalTimestamp(String(now));
}

function oldestWritingStatementAge(running: Partial<RunningStatement>[]): number | null {
  const ages = running
    .filter((s): s is RunningStatement => s.INFO != null && !READ_ONLY_STATEMENT.test(s.INFO))
    .map((s) => (s.TIME_MS == null ? Number(s.TIME) + 1 : Math.ceil(Number(s.TIME_MS) / 1000)));
  return ages.length ? Math.max(...ages) : null;
}
