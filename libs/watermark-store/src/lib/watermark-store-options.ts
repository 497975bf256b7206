export type WatermarkStoreOptions =
  | { type: 'sqlite'; path: string; busyTimeoutSeconds?: number }
  | { type: 'postgres'; url: string; schema?: string; connectTimeoutSeconds?: number; statementTimeoutSeconds?: number };
