export type WatermarkStoreOptions =
  | { type: 'sqlite'; path: string; busyTimeoutSeconds?: number }
  | { type: 'postgres'; url: string; schema?: string; connectTimeoutSeconds?: number; statementTimeoutSeconds?: number };

/** What a store without timeout settings uses; docs/configuration.md explains the choice. */
export const STORE_TIMEOUT_DEFAULTS = { busyTimeoutSeconds: 10, connectTimeoutSeconds: 10, statementTimeoutSeconds: 60 };
