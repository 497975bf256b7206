export interface MysqlConnectionOptions {
  /** Name of the connection in config; part of object keys and error messages. */
  name: string;
  host: string;
  port: number;
  user: string;
  password?: string;
  database?: string;
  /** Zone that DATETIME values are written in at the source; default UTC. */
  timezone?: string;
  /** How error messages name the server, when host:port is a tunnel's local end. */
  address?: string;
  /** Give up connecting after this long (default 10). */
  connectTimeoutSeconds?: number;
  /** A query whose server sends no byte for this long while it is awaited fails (default 300). */
  readIdleTimeoutSeconds?: number;
  /** Reach `host:port` through this SSH bastion (opened by the caller; see libs/tunnel). */
  ssh?: BastionOptions;
}

export interface BastionOptions {
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

// Defined in the timeouts model lib; re-exported for the source's callers.
export { SOURCE_TIMEOUT_DEFAULTS } from '@tidemark/timeouts';
