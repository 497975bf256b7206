/**
 * The settings config produces for each external system. They have the
 * shapes of the adapters' options but are written here, because config may
 * import model libs only (ADR 0022): TypeScript's structural typing lets a
 * caller pass them to the adapters, and a shape that drifts from its
 * adapter's stops compiling where it is passed.
 */

/** An `ssh:` section: how to reach a server through a bastion (libs/tunnel opens it). */
export interface BastionSettings {
  host: string;
  port?: number;
  username: string;
  privateKey?: string;
  privateKeyPath?: string;
  passphrase?: string;
  knownHosts?: string;
  hostKeyFingerprint?: string;
  insecureSkipHostKeyCheck?: boolean;
}

/** `connections/<name>.yml`: a MySQL source (libs/source). */
export interface ConnectionSettings {
  /** Name of the connection in config; part of object keys and error messages. */
  name: string;
  host: string;
  port: number;
  user: string;
  password?: string;
  database?: string;
  /** Zone that DATETIME values are written in at the source; default UTC. */
  timezone?: string;
  connectTimeoutSeconds?: number;
  readIdleTimeoutSeconds?: number;
  ssh?: BastionSettings;
}

/** `watermarkStore:` (libs/watermark-store). */
export type WatermarkStoreSettings =
  | { type: 'sqlite'; path: string; busyTimeoutSeconds?: number }
  | {
      type: 'postgres';
      url: string;
      schema?: string;
      connectTimeoutSeconds?: number;
      statementTimeoutSeconds?: number;
      poolSize?: number;
    };

/** `objectStore:` (libs/object-store). */
export type ObjectStoreSettings =
  | { type: 'local'; directory: string; prefix: string }
  | {
      type: 's3';
      prefix: string;
      bucket: string;
      /** Any S3 API: leave empty for AWS, set for MinIO, Ceph RGW ... */
      endpoint?: string;
      region: string;
      accessKeyId?: string;
      secretAccessKey?: string;
      requestTimeoutSeconds?: number;
    };
