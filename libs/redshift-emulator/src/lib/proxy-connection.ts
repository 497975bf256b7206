import { connect, Socket } from 'node:net';
import { serialize } from 'pg-protocol';
import { checkAlterColumnType } from './alter-column-type';
import { BackendChannel, BackendError } from './backend-channel';
import { RedshiftError } from './redshift-error';
import { classify, Statement, translate } from './redshift-sql';
import type { LoadError, S3Copy } from './s3-copy';
import type { TableLayouts } from './table-layouts';
import {
  buildParse,
  CANCEL_REQUEST,
  commandComplete,
  dataRow,
  dataRowValues,
  errorResponse,
  frame,
  GSS_REQUEST,
  MessageReader,
  parseErrorFields,
  parseMessage,
  queryText,
  readyForQuery,
  rowDescriptionNames,
  SSL_REQUEST,
  startupParameters,
  WireMessage,
} from './wire';

export interface ProxyContext {
  backendHost: string;
  backendPort: number;
  /** The database every client is connected to, whatever it asked for. */
  database: string;
  layouts: TableLayouts;
  copy: S3Copy;
  logLoadError(e: LoadError): Promise<void>;
  /** Each statement as the client wrote it. */
  onStatement(sql: string): void;
  /** Each client message that waits for an answer (Query, Sync). */
  onRoundTrip(): void;
}

/**
 * Session settings every emulated session gets. Redshift runs every
 * transaction SERIALIZABLE and detects conflicts per table; PostgreSQL's SSI
 * detects them per row or page unless a scan reads the whole relation, so
 * index scans are turned off to make each read lock the whole table, as
 * close to Redshift's table-level detection as PostgreSQL gets.
 */
const SESSION_SETTINGS: Record<string, string> = {
  default_transaction_isolation: 'serializable',
  enable_indexscan: 'off',
  enable_indexonlyscan: 'off',
  enable_bitmapscan: 'off',
};

/** information_schema.data_type values of the emulation's stand-in types → Redshift's. */
const DATA_TYPE_NAMES: Record<string, string> = { jsonb: 'super', bytea: 'binary varying' };

/** One client connection: a PostgreSQL backend behind, Redshift's behaviour in front. */
export class ProxyConnection {
  private readonly clientReader: MessageReader;
  private backend?: BackendChannel;
  private backendSocket?: Socket;
  private dataTypeField = -1;
  /** Whether the statement being performed opened its own transaction (a COPY sent outside a transaction block). */
  private ownTransaction = false;

  constructor(
    private readonly client: Socket,
    private readonly ctx: ProxyContext,
  ) {
    this.clientReader = new MessageReader(client);
    client.on('error', () => this.close());
    client.on('close', () => this.backendSocket?.destroy());
  }

  async serve(): Promise<void> {
    try {
      if (!(await this.start())) return;
      for (;;) {
        const m = await this.clientReader.next();
        if (!m) break;
        await this.fromClient(m);
      }
    } catch {
      // a broken client or backend socket ends the connection
    } finally {
      this.close();
    }
  }

  close(): void {
    this.client.destroy();
    this.backendSocket?.destroy();
  }

  /** Startup: SSL refused, cancel requests passed on, the startup packet sent with the emulation's settings. */
  private async start(): Promise<boolean> {
    for (;;) {
      const body = await this.clientReader.startup();
      if (!body) return false;
      const code = body.readInt32BE(0);
      if (code === SSL_REQUEST || code === GSS_REQUEST) {
        this.client.write('N');
        continue;
      }
      if (code === CANCEL_REQUEST) {
        const cancel = connect(this.ctx.backendPort, this.ctx.backendHost, () => cancel.end(Buffer.concat([length(body), body])));
        cancel.on('error', () => undefined);
        return false;
      }
      const params = startupParameters(body);
      delete params['client_encoding'];
      const socket = connect(this.ctx.backendPort, this.ctx.backendHost);
      this.backendSocket = socket;
      await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
      socket.on('error', () => this.close());
      this.backend = new BackendChannel(socket, new MessageReader(socket), (m) => this.toClient(m));
      void this.backend.pump().finally(() => this.close());
      socket.write(serialize.startup({ ...params, database: this.ctx.database, ...SESSION_SETTINGS }));
      return true;
    }
  }

  private async fromClient(m: WireMessage): Promise<void> {
    const backend = this.backend as BackendChannel;
    const raw = frame(m.type, m.body);
    if (m.type === 'Q') {
      this.ctx.onRoundTrip();
      const sql = queryText(m.body);
      this.ctx.onStatement(sql);
      const statement = classify(sql);
      if (statement.kind === 'other' || backend.status === 'E') {
        backend.forward(serialize.query(await this.prepared(sql)), 1);
      } else {
        await this.perform(sql, statement);
      }
      return;
    }
    if (m.type === 'P') {
      const parse = parseMessage(m.body);
      this.ctx.onStatement(parse.sql);
      backend.forward(buildParse(parse.name, await this.prepared(parse.sql), parse.rest), 0);
      return;
    }
    if (m.type === 'S') this.ctx.onRoundTrip();
    backend.forward(raw, m.type === 'S' ? 1 : 0);
    if (m.type === 'X') this.close();
  }

  /** `sql` translated for PostgreSQL, with the VARBYTE domains it names created first (not in a failed transaction: it fails anyway). */
  private async prepared(sql: string): Promise<string> {
    const backend = this.backend as BackendChannel;
    const { postgres, varbyteSizes } = translate(sql);
    if (backend.status !== 'E') {
      for (const n of new Set(varbyteSizes)) await backend.query('SELECT redshift_emulator_varbyte($1)', [String(n)]);
    }
    return postgres;
  }

  /** A statement the proxy carries out itself; ends with the client's ReadyForQuery. */
  private async perform(sql: string, statement: Exclude<Statement, { kind: 'other' }>): Promise<void> {
    const backend = this.backend as BackendChannel;
    await backend.whenIdle();
    this.ownTransaction = false;
    try {
      const tag = await this.carryOut(sql, statement);
      if (tag !== undefined) this.client.write(commandComplete(tag));
    } catch (error) {
      const message = await this.errorOnBackend(error);
      if (this.ownTransaction) await backend.query('ROLLBACK').catch(() => undefined);
      this.client.write(message);
    }
    this.client.write(readyForQuery(backend.status));
  }

  /** The CommandComplete tag, or undefined when the statement's own messages already went to the client. */
  private async carryOut(sql: string, statement: Exclude<Statement, { kind: 'other' }>): Promise<string | undefined> {
    const backend = this.backend as BackendChannel;
    switch (statement.kind) {
      case 'unsupported':
        throw new RedshiftError(`syntax error: ${statement.what} is not supported by Amazon Redshift`, '42601');
      case 'truncate':
        if (backend.status !== 'I') {
          throw new RedshiftError(
            'TRUNCATE inside a transaction block: Redshift commits the open transaction at a TRUNCATE; the emulator refuses it', '25001',
          );
        }
        return this.relay(translate(sql).postgres);
      case 'alter-column-type':
        await checkAlterColumnType(backend, this.ctx.layouts, statement);
        return this.relay(translate(sql).postgres);
      case 'create-table':
      case 'add-column':
        return this.defineTable(sql, statement.table.text);
      case 'copy-s3': {
        if (!statement.parquetManifest) throw new RedshiftError('the Redshift emulator performs only COPY … FORMAT AS PARQUET MANIFEST', '0A000');
        this.ownTransaction = backend.status === 'I';
        if (this.ownTransaction) await backend.query('BEGIN');
        const rows = await this.ctx.copy.run(backend, statement.table, statement.manifest, (e) => this.ctx.logLoadError(e));
        if (this.ownTransaction) await backend.query('COMMIT');
        return `COPY ${rows}`;
      }
    }
  }

  /** CREATE TABLE / ADD COLUMN run translated; what Redshift-only layout they declared is remembered for the table. */
  private async defineTable(sql: string, table: string): Promise<undefined> {
    const backend = this.backend as BackendChannel;
    const { layout } = translate(sql);
    const postgres = await this.prepared(sql);
    const [before] = await backend.query('SELECT to_regclass($1)::text AS oid', [table]);
    const creates = before.oid === null;
    await this.relay(postgres);
    if (backend.status !== 'E' && (creates || /^\s*ALTER/i.test(sql))) {
      const [after] = await backend.query('SELECT to_regclass($1)::oid::text AS oid', [table]).catch(() => [{ oid: null }]);
      if (after.oid) this.ctx.layouts.remember(after.oid, layout);
    }
    return undefined;
  }

  /** Runs `sql` on the backend, its answers going to the client except the ReadyForQuery. */
  private async relay(sql: string): Promise<undefined> {
    const backend = this.backend as BackendChannel;
    await backend.exchange([serialize.query(sql)], (m) => this.toClient(m));
    return undefined;
  }

  /**
   * An error for the client that PostgreSQL itself raised on the client's
   * session, so an open transaction is aborted exactly as Redshift's is.
   */
  private async errorOnBackend(error: unknown): Promise<Buffer> {
    if (error instanceof BackendError) return error.raw;
    const fields = error instanceof RedshiftError ? error.fields() : new RedshiftError((error as Error).message).fields();
    const backend = this.backend as BackendChannel;
    const raised = await backend
      .query('SELECT redshift_emulator_raise($1, $2, $3)', [fields['M'], fields['C'], fields['D'] ?? ''])
      .then(() => undefined, (e: unknown) => e);
    return raised instanceof BackendError ? errorResponse({ ...fields, ...pick(raised.fields, 'S', 'V') }) : errorResponse(fields);
  }

  /** Backend → client, with Redshift's names for the emulation's stand-in types and for serialization failures. */
  private toClient(m: WireMessage): void {
    if (m.type === 'T') this.dataTypeField = rowDescriptionNames(m.body).indexOf('data_type');
    if (m.type === 'Z') this.dataTypeField = -1;
    if (m.type === 'D' && this.dataTypeField >= 0) {
      const values = dataRowValues(m.body);
      const renamed = DATA_TYPE_NAMES[values[this.dataTypeField] ?? ''];
      if (renamed) {
        values[this.dataTypeField] = renamed;
        this.client.write(dataRow(values));
        return;
      }
    }
    if (m.type === 'E') {
      const fields = parseErrorFields(m.body);
      if (fields['C'] === '40001') {
        this.client.write(
          errorResponse({ ...fields, M: '1023', D: `Serializable isolation violation on a table (emulated by PostgreSQL: ${fields['M']})` }),
        );
        return;
      }
    }
    this.client.write(frame(m.type, m.body));
  }
}

const pick = (fields: Record<string, string>, ...keys: string[]) => Object.fromEntries(keys.filter((k) => k in fields).map((k) => [k, fields[k]]));

function length(body: Buffer): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(body.length + 4);
  return b;
}
