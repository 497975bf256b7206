import { createReadStream } from 'node:fs';
import type { Socket } from 'node:net';
import { serialize } from 'pg-protocol';
import { dataRowValues, ErrorFields, MessageReader, parseErrorFields, rowDescriptionNames, WireMessage } from './wire';

/** An error PostgreSQL sent on the backend connection: relayed to the client as it came. */
export class BackendError extends Error {
  constructor(
    readonly fields: ErrorFields,
    readonly raw: Buffer,
  ) {
    super(fields['M'] ?? 'error');
  }
}

export type Row = Record<string, string | null>;

/**
 * The proxy's PostgreSQL connection for one client. Messages go to the
 * client (`relay`) unless the proxy runs statements of its own on the same
 * backend session, inside the client's transaction (`query`, `copyIn`): then
 * they go to that exchange until its ReadyForQuery.
 */
export class BackendChannel {
  /** Transaction status from the last ReadyForQuery: I idle, T in a block, E in a failed block. */
  status = 'I';
  private outstanding = 0;
  private idle: (() => void)[] = [];
  private consumer?: (m: WireMessage) => void;

  constructor(
    private readonly socket: Socket,
    private readonly reader: MessageReader,
    private readonly relay: (m: WireMessage) => void,
  ) {}

  /** Delivers backend messages until the backend closes. */
  async pump(): Promise<void> {
    for (;;) {
      const m = await this.reader.next();
      if (!m) return;
      if (m.type === 'Z') this.status = m.body.toString('latin1', 0, 1);
      const consumer = this.consumer;
      if (consumer) consumer(m);
      else this.relay(m);
      if (m.type === 'Z' && !consumer && --this.outstanding <= 0) {
        this.outstanding = 0;
        for (const w of this.idle.splice(0)) w();
      }
    }
  }

  /** Sends a client message on; `syncs` counts the ReadyForQuery it will bring (1 for Query and Sync). */
  forward(raw: Buffer, syncs: number): void {
    this.outstanding += syncs;
    this.socket.write(raw);
  }

  write(raw: Buffer): void {
    this.socket.write(raw);
  }

  /** Resolves once every forwarded Query/Sync has its ReadyForQuery. */
  whenIdle(): Promise<void> {
    if (this.outstanding === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /**
   * Sends `request`, handing every message to `onMessage` until
   * ReadyForQuery; resolves with the first ErrorResponse seen, if any.
   */
  async exchange(request: Buffer[], onMessage: (m: WireMessage) => void = () => undefined): Promise<BackendError | undefined> {
    await this.whenIdle();
    let error: BackendError | undefined;
    return new Promise((resolve) => {
      this.consumer = (m) => {
        if (m.type === 'E' && !error) error = new BackendError(parseErrorFields(m.body), Buffer.concat([Buffer.from('E'), length(m.body), m.body]));
        if (m.type === 'Z') {
          this.consumer = undefined;
          resolve(error);
        } else onMessage(m);
      };
      for (const r of request) this.socket.write(r);
    });
  }

  /** Runs one statement with bound text parameters; throws BackendError on failure. */
  async query(sql: string, params: (string | null)[] = []): Promise<Row[]> {
    let names: string[] = [];
    const rows: Row[] = [];
    const error = await this.exchange(
      [
        serialize.parse({ text: sql }),
        serialize.bind({ values: params }),
        serialize.describe({ type: 'P' }),
        serialize.execute(),
        serialize.sync(),
      ],
      (m) => {
        if (m.type === 'T') names = rowDescriptionNames(m.body);
        if (m.type === 'D') {
          const values = dataRowValues(m.body);
          rows.push(Object.fromEntries(names.map((n, i) => [n, values[i]])));
        }
      },
    );
    if (error) throw error;
    return rows;
  }

  /** `COPY … FROM STDIN` fed from a file; returns the rows copied, throws BackendError on failure. */
  async copyIn(sql: string, file: string): Promise<number> {
    await this.whenIdle();
    let error: BackendError | undefined;
    let copied = 0;
    await new Promise<void>((resolve) => {
      this.consumer = (m) => {
        if (m.type === 'E' && !error) error = new BackendError(parseErrorFields(m.body), Buffer.concat([Buffer.from('E'), length(m.body), m.body]));
        if (m.type === 'C') copied = Number(/COPY (\d+)/.exec(m.body.toString('utf8'))?.[1] ?? 0);
        if (m.type === 'G') void this.send(file);
        if (m.type === 'Z') {
          this.consumer = undefined;
          resolve();
        }
      };
      this.socket.write(serialize.query(sql));
    });
    if (error) throw error;
    return copied;
  }

  private async send(file: string): Promise<void> {
    try {
      for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 })) {
        if (!this.socket.write(serialize.copyData(chunk as Buffer))) await new Promise((r) => this.socket.once('drain', r));
      }
      this.socket.write(serialize.copyDone());
    } catch (e) {
      this.socket.write(serialize.copyFail((e as Error).message));
    }
  }
}

function length(body: Buffer): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(body.length + 4);
  return b;
}
