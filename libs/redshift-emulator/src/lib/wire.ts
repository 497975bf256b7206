import type { Socket } from 'node:net';

/**
 * PostgreSQL wire protocol framing (protocol 3.0): every message but the
 * client's first is a type byte, an int32 length that counts itself, and a
 * body. The proxy relays most messages untouched and builds only the few it
 * answers itself.
 */
export interface WireMessage {
  type: string;
  body: Buffer;
}

/** Reads whole messages from a socket, in order; `startup` reads the client's first, untyped one. */
export class MessageReader {
  private buffer: Buffer = Buffer.alloc(0);
  private waiting?: () => void;
  private ended = false;

  constructor(socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
      this.wake();
    });
    const end = () => {
      this.ended = true;
      this.wake();
    };
    socket.on('end', end);
    socket.on('close', end);
    socket.on('error', end);
  }

  /** The next typed message, or undefined once the peer closed. */
  async next(): Promise<WireMessage | undefined> {
    const raw = await this.take(1);
    if (!raw) return undefined;
    return { type: String.fromCharCode(raw[0]), body: raw.subarray(5) };
  }

  /** The client's first message (startup, SSL or cancel request): an int32 length and a body, no type byte. */
  async startup(): Promise<Buffer | undefined> {
    const raw = await this.take(0);
    return raw?.subarray(4);
  }

  private async take(typeBytes: number): Promise<Buffer | undefined> {
    for (;;) {
      if (this.buffer.length >= typeBytes + 4) {
        const total = typeBytes + this.buffer.readInt32BE(typeBytes);
        if (this.buffer.length >= total) {
          const raw = this.buffer.subarray(0, total);
          this.buffer = this.buffer.subarray(total);
          return raw;
        }
      }
      if (this.ended) return undefined;
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
  }

  private wake(): void {
    const w = this.waiting;
    this.waiting = undefined;
    w?.();
  }
}

export function frame(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

const cstring = (text: string) => Buffer.from(`${text}\0`, 'utf8');

/** Reads NUL-terminated strings from a body, in order. */
export class BodyReader {
  offset = 0;
  constructor(private readonly body: Buffer) {}
  cstring(): string {
    const end = this.body.indexOf(0, this.offset);
    const text = this.body.toString('utf8', this.offset, end);
    this.offset = end + 1;
    return text;
  }
  int16(): number {
    this.offset += 2;
    return this.body.readInt16BE(this.offset - 2);
  }
  int32(): number {
    this.offset += 4;
    return this.body.readInt32BE(this.offset - 4);
  }
  bytes(n: number): Buffer {
    this.offset += n;
    return this.body.subarray(this.offset - n, this.offset);
  }
}

/** ErrorResponse / NoticeResponse fields, keyed by their one-letter codes (S, C, M, D …). */
export type ErrorFields = Record<string, string>;

export function parseErrorFields(body: Buffer): ErrorFields {
  const fields: ErrorFields = {};
  const r = new BodyReader(body);
  while (r.offset < body.length && body[r.offset] !== 0) {
    const code = String.fromCharCode(body[r.offset]);
    r.offset++;
    fields[code] = r.cstring();
  }
  return fields;
}

export function errorResponse(fields: ErrorFields): Buffer {
  const parts = Object.entries(fields).map(([code, value]) => Buffer.concat([Buffer.from(code, 'latin1'), cstring(value)]));
  return frame('E', Buffer.concat([...parts, Buffer.from([0])]));
}

export const commandComplete = (tag: string) => frame('C', cstring(tag));
export const readyForQuery = (status: string) => frame('Z', Buffer.from(status, 'latin1'));

/** The SQL text of a simple Query message. */
export const queryText = (body: Buffer) => new BodyReader(body).cstring();

/** A Parse message: statement name, SQL text, and the parameter type part kept as is. */
export function parseMessage(body: Buffer): { name: string; sql: string; rest: Buffer } {
  const r = new BodyReader(body);
  const name = r.cstring();
  const sql = r.cstring();
  return { name, sql, rest: body.subarray(r.offset) };
}

export const buildParse = (name: string, sql: string, rest: Buffer) => frame('P', Buffer.concat([cstring(name), cstring(sql), rest]));

/** Field names of a RowDescription. */
export function rowDescriptionNames(body: Buffer): string[] {
  const r = new BodyReader(body);
  const count = r.int16();
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    names.push(r.cstring());
    r.offset += 18; // table oid, attnum, type oid, type size, type modifier, format
  }
  return names;
}

/** A DataRow's values as text (null for SQL NULL). */
export function dataRowValues(body: Buffer): (string | null)[] {
  const r = new BodyReader(body);
  const count = r.int16();
  const values: (string | null)[] = [];
  for (let i = 0; i < count; i++) {
    const n = r.int32();
    values.push(n < 0 ? null : r.bytes(n).toString('utf8'));
  }
  return values;
}

export function dataRow(values: (string | null)[]): Buffer {
  const parts: Buffer[] = [Buffer.alloc(2)];
  parts[0].writeInt16BE(values.length);
  for (const v of values) {
    const len = Buffer.alloc(4);
    if (v === null) {
      len.writeInt32BE(-1);
      parts.push(len);
    } else {
      const bytes = Buffer.from(v, 'utf8');
      len.writeInt32BE(bytes.length);
      parts.push(len, bytes);
    }
  }
  return frame('D', Buffer.concat(parts));
}

/** Startup packet parameters (user, database, …) and the packet rebuilt with extra ones. */
export function startupParameters(body: Buffer): Record<string, string> {
  const r = new BodyReader(body);
  r.offset = 4; // protocol version
  const params: Record<string, string> = {};
  while (r.offset < body.length - 1) {
    const key = r.cstring();
    if (key === '') break;
    params[key] = r.cstring();
  }
  return params;
}

export const PROTOCOL_3 = 196608;
export const SSL_REQUEST = 80877103;
export const GSS_REQUEST = 80877104;
export const CANCEL_REQUEST = 80877102;
