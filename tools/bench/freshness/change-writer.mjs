// The write load of the freshness benchmark: every 100 ms, per table, one
// INSERT of new rows, one UPDATE and (binlog table) one DELETE of older rows,
// each committed on its own; remembers when each inserted id committed.
import { setTimeout as sleep } from 'node:timers/promises';

const TICK_MS = 100;

export class ChangeWriter {
  /** `share`: fractions of the row changes that are inserts, updates, deletes. */
  constructor(db, table, { rate, firstId, share }) {
    this.db = db;
    this.table = table;
    this.share = share;
    this.perTick = (rate * TICK_MS) / 1000;
    this.next = firstId;
    this.seedIds = firstId - 1;
    this.committedAt = new Map();
    this.changes = 0;
    this.stopped = false;
  }

  start() {
    const count = (kind) => Math.round(this.perTick * this.share[kind]);
    const randomIds = (n, below) => Array.from({ length: n }, () => 1 + Math.floor(Math.random() * below));
    this.running = (async () => {
      while (!this.stopped) {
        const tick = Date.now();
        const ids = Array.from({ length: count('inserts') }, () => this.next++);
        await this.db.query(`INSERT INTO \`${this.table}\` VALUES ${ids.map(() => '(?, ?, ?, NOW(6))').join(', ')}`, ids.flatMap((id) => [id, `new ${id}`, (id % 10_000) / 100]));
        const at = Date.now();
        for (const id of ids) this.committedAt.set(id, at);
        await this.db.query(`UPDATE \`${this.table}\` SET note = CONCAT('updated ', id), amount = amount + 1, updated_at = NOW(6) WHERE id IN (?)`, [randomIds(count('updates'), this.next - 1)]);
        // Deletes only hit seed rows, so every inserted row must become visible.
        if (count('deletes') > 0) await this.db.query(`DELETE FROM \`${this.table}\` WHERE id IN (?)`, [randomIds(count('deletes'), this.seedIds)]);
        this.changes += ids.length + count('updates') + count('deletes');
        await sleep(Math.max(0, TICK_MS - (Date.now() - tick)));
      }
    })();
  }

  async stop() {
    this.stopped = true;
    await this.running;
  }
}

/** Polls the warehouse table every `everyMs` for inserted ids not seen yet, and notes when each appeared. */
export class Visibility {
  constructor(pg, schema, table, writer, everyMs = 250) {
    this.seenAt = new Map();
    const poll = async () => {
      const unseen = [...writer.committedAt.keys()].filter((id) => !this.seenAt.has(id));
      if (unseen.length > 0) {
        const from = Math.min(...unseen);
        const { rows } = await pg.query(`SELECT id FROM "${schema}"."${table}" WHERE id >= $1`, [from]).catch(() => ({ rows: [] }));
        const now = Date.now();
        for (const { id } of rows) if (!this.seenAt.has(Number(id))) this.seenAt.set(Number(id), now);
      }
      if (!this.stopped) this.timer = setTimeout(() => void poll(), everyMs);
    };
    this.writer = writer;
    void poll();
  }

  allSeen() {
    return [...this.writer.committedAt.keys()].every((id) => this.seenAt.has(id));
  }

  /** Seconds from commit to visible, for every inserted row seen. */
  delays() {
    return [...this.writer.committedAt].filter(([id]) => this.seenAt.has(id)).map(([id, at]) => (this.seenAt.get(id) - at) / 1000);
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
  }
}

export function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
