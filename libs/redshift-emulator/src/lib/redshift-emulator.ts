import { mkdirSync } from 'node:fs';
import { AddressInfo, createServer, Server, Socket } from 'node:net';
import { S3Client } from '@aws-sdk/client-s3';
import { Client } from 'pg';
import { prepareEmulationDatabase } from './emulation-database';
import { ProxyConnection } from './proxy-connection';
import { LoadError, S3Copy } from './s3-copy';
import { TableLayouts } from './table-layouts';

export interface RedshiftEmulatorOptions {
  /** A PostgreSQL server URL (any database); the emulation database is created on that server. */
  postgresUrl: string;
  /** The emulation database's name. */
  database?: string;
  /** The S3 server COPY reads from. */
  s3: { endpoint: string; region: string; accessKeyId: string; secretAccessKey: string };
  /** Scratch space for downloaded files. */
  workDir: string;
  /** Port to listen on (127.0.0.1); 0, the default, picks a free one. */
  port?: number;
}

export const EMULATION_DATABASE = 'tidemark_redshift_emulation';

/**
 * A Redshift stand-in that clients reach over the network like Redshift: a
 * PostgreSQL wire-protocol proxy on 127.0.0.1 in front of a real PostgreSQL
 * database. It runs Redshift SQL translated for PostgreSQL, performs
 * `COPY … FROM 's3://…' FORMAT AS PARQUET MANIFEST` itself inside the
 * client's own session and transaction, and refuses what Redshift refuses
 * (see docs/decisions/0016-redshift-emulator-proxy.md for what it checks and
 * where it is weaker than Redshift).
 */
export class RedshiftEmulatorServer {
  /** Every statement clients sent, as written (Query and Parse messages). */
  readonly statements: string[] = [];
  /** Client messages that waited for an answer (each Query and each Sync). */
  roundTrips = 0;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    private readonly options: RedshiftEmulatorOptions & { database: string },
    private readonly s3: S3Client,
  ) {}

  static async start(options: RedshiftEmulatorOptions): Promise<RedshiftEmulatorServer> {
    const database = options.database ?? EMULATION_DATABASE;
    await prepareEmulationDatabase(options.postgresUrl, database);
    mkdirSync(options.workDir, { recursive: true });
    const s3 = new S3Client({
      endpoint: options.s3.endpoint,
      region: options.s3.region,
      forcePathStyle: true,
      credentials: { accessKeyId: options.s3.accessKeyId, secretAccessKey: options.s3.secretAccessKey },
    });
    const server = createServer();
    const emulator = new RedshiftEmulatorServer(server, { ...options, database }, s3);
    const backend = new URL(options.postgresUrl);
    const layouts = new TableLayouts();
    const copy = new S3Copy(s3, options.workDir);
    server.on('connection', (socket: Socket) => {
      emulator.sockets.add(socket);
      socket.on('close', () => emulator.sockets.delete(socket));
      void new ProxyConnection(socket, {
        backendHost: backend.hostname,
        backendPort: Number(backend.port || 5432),
        database,
        layouts,
        copy,
        logLoadError: (e) => emulator.logLoadError(e),
        onStatement: (sql) => emulator.statements.push(sql),
        onRoundTrip: () => emulator.roundTrips++,
      }).serve();
    });
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(options.port ?? 0, '127.0.0.1', resolve));
    return emulator;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** The URL a client (the loader, the `tidemark` binary) connects to. */
  get url(): string {
    const u = new URL(this.options.postgresUrl);
    return `postgres://${encodeURIComponent(u.username || 'postgres')}@127.0.0.1:${this.port}/${this.options.database}`;
  }

  /** The emulation database itself, bypassing the proxy (for test assertions and cleanup). */
  get directUrl(): string {
    const u = new URL(this.options.postgresUrl);
    u.pathname = `/${this.options.database}`;
    return u.toString();
  }

  /** Outside the failing transaction, as Redshift's system tables are. */
  private async logLoadError(e: LoadError): Promise<void> {
    const db = new Client({ connectionString: this.directUrl });
    await db.connect();
    try {
      await db.query(
        'INSERT INTO stl_load_errors (filename, line_number, colname, err_code, err_reason, starttime) VALUES ($1, $2, $3, $4, $5, clock_timestamp())',
        [e.file, e.line, e.column, e.code, e.reason],
      );
    } finally {
      await db.end();
    }
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    await closed;
    this.s3.destroy();
  }
}
