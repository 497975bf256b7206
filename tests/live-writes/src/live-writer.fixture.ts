import { setTimeout as sleep } from 'node:timers/promises';
import { createPool, Pool, PoolConnection } from 'mysql2/promise';
import { MYSQL } from '@tidemark/testing';

/** What the writer did, to tell a lost update from one that never happened. */
export interface WriterTally {
  inserts: number;
  updates: number;
  /** Transactions that wrote, stayed open across at least one sync, then committed. */
  lateCommits: number;
}

export interface LiveWriterOptions {
  port: number;
  database: string;
  tables: string[];
  /** Keys that every table has from the start; low keys are updated most. */
  initialRows: number;
  /** How long a late-committing transaction stays open after its writes. */
  holdOpenMs: number;
}

const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)];
const lowKey = () => 1 + Math.floor(Math.random() * 20);

/**
 * An application writing while Tidemark syncs, the way applications do:
 * autocommit inserts and updates (most of them of a few low keys, so many
 * land in the second the sync reads), and transactions that update rows,
 * then stay open for a while before they commit. Every update bumps a
 * `version` column, so the row's `ON UPDATE` timestamp always changes.
 */
export class LiveWriter {
  private stopping = false;
  private readonly loops: Promise<void>[] = [];
  readonly tally: WriterTally = { inserts: 0, updates: 0, lateCommits: 0 };

  private constructor(
    private readonly pool: Pool,
    private readonly o: LiveWriterOptions,
  ) {}

  static start(o: LiveWriterOptions): LiveWriter {
    const pool = createPool({ ...MYSQL, port: o.port, database: o.database, connectionLimit: 6, timezone: 'Z' });
    pool.on('connection', (c) => c.query("SET time_zone = '+00:00'"));
    const writer = new LiveWriter(pool, o);
    writer.loops.push(writer.loop(() => writer.autocommitWrite(), 5));
    writer.loops.push(writer.loop(() => writer.autocommitWrite(), 5));
    writer.loops.push(writer.loop(() => writer.lateCommit(), 0));
    return writer;
  }

  /** Stops after the writes in flight; open transactions commit first. */
  async stop(): Promise<WriterTally> {
    this.stopping = true;
    await Promise.all(this.loops);
    await this.pool.end();
    return this.tally;
  }

  private async loop(step: () => Promise<void>, pauseMs: number): Promise<void> {
    while (!this.stopping) {
      await step();
      if (pauseMs) await sleep(pauseMs);
    }
  }

  private async autocommitWrite(): Promise<void> {
    const table = pick(this.o.tables);
    const roll = Math.random();
    if (roll < 0.2) {
      await this.pool.query(`INSERT INTO \`${table}\` (label) VALUES (?)`, [`new ${Date.now()}`]);
      this.tally.inserts++;
    } else {
      const id = roll < 0.8 ? lowKey() : 1 + Math.floor(Math.random() * this.o.initialRows);
      await this.pool.query(`UPDATE \`${table}\` SET version = version + 1 WHERE id = ?`, [id]);
      this.tally.updates++;
    }
  }

  private async lateCommit(): Promise<void> {
    const connection: PoolConnection = await this.pool.getConnection();
    try {
      await connection.beginTransaction();
      for (const table of this.o.tables) {
        await connection.query(`UPDATE \`${table}\` SET version = version + 1 WHERE id IN (?, ?)`, [lowKey(), lowKey()]);
        await connection.query(`INSERT INTO \`${table}\` (label) VALUES (?)`, [`late ${Date.now()}`]);
      }
      await sleep(this.o.holdOpenMs);
      await connection.commit();
      this.tally.lateCommits++;
    } finally {
      connection.release();
    }
  }
}
