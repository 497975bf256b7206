export interface StoredObject {
  key: string;
  bytes: number;
  lastModified: Date;
}

/**
 * Where Parquet files and manifests live. Keys are `/`-separated and the
 * same in every implementation, so a local run and an S3 run lay out alike.
 */
export interface ObjectStore {
  /** `file:///...` or `s3://bucket/...`, for manifests and people. */
  uri(key: string): string;
  putFile(key: string, localPath: string): Promise<StoredObject>;
  putBytes(key: string, body: Buffer | string): Promise<StoredObject>;
  getBytes(key: string): Promise<Buffer>;
  downloadTo(key: string, localPath: string): Promise<void>;
  head(key: string): Promise<StoredObject | null>;
  list(prefix: string): AsyncIterable<StoredObject>;
  delete(key: string): Promise<void>;
}
