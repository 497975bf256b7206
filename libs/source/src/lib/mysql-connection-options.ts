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
}
