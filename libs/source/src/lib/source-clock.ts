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

/**
 * The source's current time and how long ago the oldest write that may
 * still commit began (see `safeCeiling`). Runs in a UTC session; the
 * open-transaction start times InnoDB reports are in the server's system
 * zone, so their age is computed in that zone and only the age leaves it.
 */
export async function readSourceClock(query: Query): Promise<SourceClock> {
  const now = await readSourceNow(query);
  const transactionAge = await oldestWritingTransactionAge(query);
  if (transactionAge === undefined) return { now, openWrites: null };
  const statementAge = await oldestWritingStatementAge(query);
  const ages = [transactionAge, statementAge].filter((a): a is number => a !== null);
  return { now, openWrites: { oldestAgeSeconds: ages.length ? Math.max(...ages) : null } };
}

/** The source server's current time, canonical UTC (the session runs in UTC). */
export async function readSourceNow(query: Query): Promise<string> {
  const [{ now }] = await query<{ now: string }>({ sql: 'SELECT NOW(6) AS now', params: [] });
  return canonicalTimestamp(String(now));
}

/** Undefined: this user cannot see other sessions' transactions. */
async function oldestWritingTransactionAge(query: Query): Promise<number | null | undefined> {
  await query({ sql: "SET time_zone = 'SYSTEM'", params: [] });
  try {
    const [{ age }] = await query<{ age: number | string | null }>({
      sql: `SELECT TIMESTAMPDIFF(SECOND, MIN(trx_started), NOW()) AS age
              FROM information_schema.INNODB_TRX
             WHERE trx_rows_modified > 0 AND trx_mysql_thread_id <> CONNECTION_ID()`,
      params: [],
    });
    // trx_started has whole seconds: the transaction began up to a second before it says.
    return age === null ? null : Number(age) + 1;
  } catch (error) {
    if ((error as { errno?: number }).errno === ER_SPECIFIC_ACCESS_DENIED_ERROR) return undefined;
    throw error;
  } finally {
    await query({ sql: "SET time_zone = '+00:00'", params: [] });
  }
}

/** A statement sent as text runs as `Query`; a server-side prepared one (JDBC, PDO, mysql2's execute) as `Execute`. */
async function oldestWritingStatementAge(query: Query): Promise<number | null> {
  const running = await query<RunningStatement>({
    sql: `SELECT * FROM information_schema.PROCESSLIST WHERE COMMAND IN ('Query', 'Execute') AND ID <> CONNECTION_ID()`,
    params: [],
  });
  const ages = running
    .filter((s) => s.INFO !== null && !READ_ONLY_STATEMENT.test(s.INFO))
    .map((s) => (s.TIME_MS === undefined ? Number(s.TIME) + 1 : Math.ceil(Number(s.TIME_MS) / 1000)));
  return ages.length ? Math.max(...ages) : null;
}
