import { badInput } from '@tidemark/errors';

/** What the writer process does: bounded in rate, time and rows, and only against a server on this machine. */
export interface WriterPlan {
  mysql: { host: string; port: number; user: string; password: string; database: string };
  /** Tables with `id` (primary key), `updated_at` (set by MySQL on insert and update), `amount`, `note`. */
  tables: string[];
  /** Ids 1..existingRows are in every table when the writer starts. */
  existingRows: number;
  rowsPerSecond: number;
  seconds: number;
  /** Changes (inserted + updated rows) at most. */
  maxRows: number;
}

/** What the writer did, printed as one JSON line when it ends. */
export interface WriterSummary {
  inserted: number;
  updated: number;
  seconds: number;
  rowsPerSecond: number;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** The plan from the command line, refused unless it is small and local: this is a load generator. */
export function parseWriterPlan(json: string | undefined): WriterPlan {
  if (!json) throw badInput('usage: writer-main <plan JSON>');
  const plan = JSON.parse(json) as WriterPlan;
  if (!LOOPBACK.has(plan.mysql?.host)) {
    throw badInput(`the writer only writes to a MySQL server on this machine, not to "${plan.mysql?.host}"`);
  }
  if (!Array.isArray(plan.tables) || plan.tables.length === 0) throw badInput('the writer needs at least one table');
  const within = (name: keyof WriterPlan, max: number) => {
    const value = plan[name];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
      throw badInput(`writer plan: ${name} must be a whole number from 1 to ${max}, got ${JSON.stringify(value)}`);
    }
  };
  within('existingRows', 1_000_000);
  within('rowsPerSecond', 10_000);
  within('seconds', 600);
  within('maxRows', 1_000_000);
  return plan;
}
