export type WatermarkStoreOptions =
  | { type: 'sqlite'; path: string }
  | { type: 'postgres'; url: string; schema?: string };
