import { STORE_TIMEOUT_DEFAULTS } from '@tidemark/timeouts';

export interface PostgresStoreOptions {
  type: 'postgres';
  url: string;
  schema?: string;
  connectTimeoutSeconds?: number;
  statementTimeoutSeconds?: number;
  /** Connections kept to the store at most (default STORE_POOL_SIZE). */
  poolSize?: number;
}

export interface SqliteStoreOptions {
  type: 'sqlite';
  path: string;
  busyTimeoutSeconds?: number;
}

export type WatermarkStoreOptions = SqliteStoreOptions | PostgresStoreOptions;

export const connectTimeoutSecondsOf = (options: PostgresStoreOptions) =>
  options.connectTimeoutSeconds ?? STORE_TIMEOUT_DEFAULTS.connectTimeoutSeconds;

export const statementTimeoutSecondsOf = (options: PostgresStoreOptions) =>
  options.statementTimeoutSeconds ?? STORE_TIMEOUT_DEFAULTS.statementTimeoutSeconds;

export const busyTimeoutSecondsOf = (options: SqliteStoreOptions) =>
  options.busyTimeoutSeconds ?? STORE_TIMEOUT_DEFAULTS.busyTimeoutSeconds;

/**
 * A busy watermark service has a request in flight per client, and each
 * lease call or commit holds a connection for its whole transaction: with
 * pg's default of 10, requests queued for a connection (BENCHMARKS.md,
 * "Watermark service"). Connections are opened only as they are needed.
 */
export const STORE_POOL_SIZE = 20;
