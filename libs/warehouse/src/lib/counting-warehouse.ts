import { QueryResult, Warehouse, WarehouseSession } from './postgres-warehouse';

/** What one load asked of the warehouse. */
export interface WarehouseCost {
  /** SQL statements run, the transaction's setup included; BEGIN, COMMIT and ROLLBACK not. */
  statements: number;
  /** Requests that waited for the server's answer: every statement, plus BEGIN and COMMIT (or ROLLBACK) of each transaction. */
  roundTrips: number;
  /** Of the statements, COPYs (on Redshift, each reads its files from S3 on every slice). */
  copies: number;
  transactions: number;
}

const isCopy = (sql: string) => /^\s*COPY\s/i.test(sql);

/**
 * A warehouse that counts the statements and round trips asked of it, for
 * one load (`--debug` and `--json` show them). Statements run one at a time,
 * each waiting for its answer, so each is one round trip.
 */
export class CountingWarehouse implements Warehouse {
  readonly cost: WarehouseCost = { statements: 0, roundTrips: 0, copies: 0, transactions: 0 };

  constructor(private readonly inner: Warehouse) {}

  get address(): string {
    return this.inner.address;
  }

  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]> {
    this.count(sql);
    return this.inner.query<T>(sql, params);
  }

  transaction<T>(setup: string[], work: (session: WarehouseSession) => Promise<T>, onAlive?: () => void): Promise<T> {
    this.cost.transactions += 1;
    this.cost.roundTrips += 2;
    for (const sql of setup) this.count(sql);
    return this.inner.transaction(
      setup,
      (session) =>
        work({
          query: <R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<R>> => {
            this.count(sql);
            return session.query<R>(sql, params);
          },
          copyCsv: (copySql, csv, afterFirstChunk) => {
            this.count(copySql);
            return session.copyCsv(copySql, csv, afterFirstChunk);
          },
        }),
      onAlive,
    );
  }

  /** The connection belongs to whoever opened the warehouse this one counts for. */
  async close(): Promise<void> {
    return undefined;
  }

  private count(sql: string): void {
    this.cost.statements += 1;
    this.cost.roundTrips += 1;
    if (isCopy(sql)) this.cost.copies += 1;
  }
}
