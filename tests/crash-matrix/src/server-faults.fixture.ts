import { quotePostgres } from '@tidemark/schema';
import { MysqlFixture, PostgresFixture } from '@tidemark/testing';

/**
 * Drops the run's MySQL connection as a failover or a DBA would: KILL from
 * another session. The run's connection is the only other one on the test
 * database (its connection file names it).
 */
export async function killSourceSessions(db: MysqlFixture): Promise<number> {
  const sessions = await db.rows<{ ID: string }>(
    'SELECT ID FROM information_schema.PROCESSLIST WHERE DB = ? AND ID <> CONNECTION_ID()',
    [db.database],
  );
  for (const { ID } of sessions) await db.exec('KILL CONNECTION ?', [Number(ID)]);
  return sessions.length;
}

/**
 * Rows the run's open `COPY … FROM STDIN` has received so far (PostgreSQL's
 * pg_stat_progress_copy), waiting until it has some; 0 when no COPY of the
 * run is open.
 */
export async function rowsInOpenCopy(pg: PostgresFixture, appName: string, timeoutMs = 5000): Promise<number> {
  const started = Date.now();
  for (;;) {
    const [row] = await pg.rows<{ tuples: string }>(
      `SELECT c.tuples_processed AS tuples FROM pg_stat_progress_copy c JOIN pg_stat_activity a ON a.pid = c.pid
        WHERE a.application_name = $1 AND c.type = 'PIPE'`,
      [appName],
    );
    const tuples = Number(row?.tuples ?? 0);
    if (tuples > 0 || Date.now() - started > timeoutMs) return tuples;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * What a PostgreSQL restart does to a load in progress, without restarting
 * the server every other test uses: ends the backend of the run's load
 * (found by the run's PGAPPNAME), here in the middle of its COPY.
 */
export async function terminateLoadTransaction(pg: PostgresFixture, appName: string): Promise<number> {
  const rows = await pg.rows<{ ended: boolean }>(
    `SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity
      WHERE application_name = $1 AND state IN ('active', 'idle in transaction') AND xact_start IS NOT NULL`,
    [appName],
  );
  return rows.filter((r) => r.ended).length;
}

/** The watermark store's database goes down: new connections refused, open ones ended. */
export async function refuseConnections(pg: PostgresFixture, database: string): Promise<void> {
  await pg.rows(`ALTER DATABASE ${quotePostgres(database)} WITH ALLOW_CONNECTIONS false`);
  await pg.rows('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [database]);
}

export async function allowConnections(pg: PostgresFixture, database: string): Promise<void> {
  await pg.rows(`ALTER DATABASE ${quotePostgres(database)} WITH ALLOW_CONNECTIONS true`);
}
