import { onSqlSent, SqlTraceEvent } from '@tidemark/timeouts';

/** Every statement sent to `database` (MySQL or the warehouse) while `work` runs, in order. */
export async function statementsSent(
  database: SqlTraceEvent['database'],
  work: () => Promise<unknown>,
): Promise<string[]> {
  const sent: string[] = [];
  const stop = onSqlSent((e) => {
    if (e.database === database) sent.push(e.sql);
  });
  try {
    await work();
  } finally {
    stop();
  }
  return sent;
}
