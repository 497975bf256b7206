/**
 * How long Tidemark waits on each external system when the config sets no
 * timeout; docs/configuration.md ("Timeouts") explains each choice. Model,
 * not adapter: config fills them in (so `config show` prints what a run
 * uses) and the adapters fall back on them, and config may not import an
 * adapter (ADR 0022).
 */

/** MySQL source connections. */
export const SOURCE_TIMEOUT_DEFAULTS = { connectTimeoutSeconds: 10, readIdleTimeoutSeconds: 300 };

/** The watermark store (SQLite busy timeout, PostgreSQL connect and statement timeouts). */
export const STORE_TIMEOUT_DEFAULTS = {
  busyTimeoutSeconds: 10,
  connectTimeoutSeconds: 10,
  statementTimeoutSeconds: 60,
};

export interface WarehouseTimeouts {
  connectTimeoutSeconds: number;
  /** A statement without an answer this long makes the watch ask the server, on a new connection, whether it is alive. */
  readIdleTimeoutSeconds: number;
  /** The server cancels a statement after this long; the client gives it `connectTimeoutSeconds` more. */
  statementTimeoutSeconds: number;
}

export const WAREHOUSE_TIMEOUT_DEFAULTS: WarehouseTimeouts = {
  connectTimeoutSeconds: 10,
  readIdleTimeoutSeconds: 300,
  statementTimeoutSeconds: 6 * 3600,
};

/** The given warehouse timeouts; a key left out or undefined (not set in the config) takes its default. */
export function withDefaults(given: Partial<WarehouseTimeouts> = {}): WarehouseTimeouts {
  const set = Object.entries(given).filter(([, v]) => v !== undefined);
  return { ...WAREHOUSE_TIMEOUT_DEFAULTS, ...Object.fromEntries(set) };
}
