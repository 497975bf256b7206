export interface PostgresStoreOptions {
  type: 'postgres';
  url: string;
  schema?: string;
  connectTimeoutSeconds?: number;
  statementTimeoutSeconds?: number;
  /** Connections kept to the store at most (default STORE_POOL_SIZE). */
  poolSize?: number;
}

export type WatermarkStoreOptions =
  | { type: 'sqlite'; path: string; busyTimeoutSeconds?: number }
  | PostgresStoreOptions;

/**
 * A busy watermark service has a request in flight per client, and each
 * lease call or commit holds a connection for its whole transaction: with
 * pg's default of 10, requests queued for a connection (BENCHMARKS.md,
 * "Watermark service"). Connections are opened only as they are needed.
 */
export const STORE_POOL_SIZE = 20;
