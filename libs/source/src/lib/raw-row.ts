import type { Readable } from 'node:stream';

/** The parts of a mysql2 text-protocol packet a raw row reads. */
interface RowPacket {
  buffer: Buffer;
  /** Where the payload starts (after the 4-byte header) until it is read. */
  offset: number;
  end: number;
  isEOF(): boolean;
}

/** mysql2's Packet: `new (id, buffer, headerStart, end)`. */
type PacketClass = new (id: number, buffer: Buffer, start: number, end: number) => RowPacket;

/** mysql2's generated parser for the query's columns: the same values `query()` would return. */
interface RowParser {
  next(packet: RowPacket, fields: unknown[], options: unknown): unknown[];
}

/** The state of mysql2's Query command that raw rows read (mysql2 3.x, pinned in package.json). */
export interface RawQueryCommand {
  row: (this: RawQueryCommand, packet: RowPacket, connection: unknown) => unknown;
  emit(event: 'result', row: unknown, resultIndex: number): boolean;
  stream(options: { highWaterMark: number }): Readable;
  _rowParser: RowParser | null;
  _fields: unknown[][];
  _resultIndex: number;
  options: unknown;
}

/** Parses a raw row as mysql2 would have: taken from the command once its columns are known. */
interface RowDecoder {
  Packet: PacketClass;
  parser: RowParser;
  fields: unknown[];
  options: unknown;
}

/**
 * One row of a result set as the bytes MySQL sent: a length-coded string
 * per column (0xFB for NULL). Encoders copy those bytes without making a
 * JavaScript value of each; `values()` parses the row as mysql2 would, for
 * the few rows whose cursor or key is needed.
 */
export class RawRow {
  private parsed?: unknown[];

  constructor(
    readonly buffer: Buffer,
    /** Where the row's first column starts in `buffer`. */
    readonly start: number,
    readonly end: number,
    private readonly decoder: RowDecoder,
  ) {}

  values(): unknown[] {
    if (this.parsed) return this.parsed;
    const { decoder } = this;
    const packet = new decoder.Packet(0, this.buffer, this.start - 4, this.end);
    this.parsed = decoder.parser.next(packet, decoder.fields, decoder.options);
    return this.parsed;
  }

  /** Whether column `i` holds the same bytes (or both NULL) in this row and `other`. */
  sameValue(other: RawRow, i: number): boolean {
    const a = valueAt(this.buffer, this.start, i);
    const b = valueAt(other.buffer, other.start, i);
    if (a.length !== b.length) return false;
    return (
      a.length < 0 || this.buffer.compare(other.buffer, b.start, b.start + b.length, a.start, a.start + a.length) === 0
    );
  }
}

/** Where a length-coded value starts, and its length (-1: NULL). */
function lengthCoded(buffer: Buffer, at: number): { start: number; length: number } {
  const first = buffer[at];
  if (first < 0xfb) return { start: at + 1, length: first };
  if (first === 0xfb) return { start: at + 1, length: -1 };
  if (first === 0xfc) return { start: at + 3, length: buffer.readUInt16LE(at + 1) };
  if (first === 0xfd) return { start: at + 4, length: buffer.readUIntLE(at + 1, 3) };
  return { start: at + 9, length: Number(buffer.readBigUInt64LE(at + 1)) };
}

/** Column `i` of the row whose first column starts at `start`. */
function valueAt(buffer: Buffer, start: number, i: number): { start: number; length: number } {
  let value = lengthCoded(buffer, start);
  for (let k = 0; k < i; k++) value = lengthCoded(buffer, value.start + Math.max(0, value.length));
  return value;
}

/**
 * The command's rows as RawRow objects on its stream (backpressure, end and
 * errors as mysql2's own stream). mysql2 calls `command.row` for every row
 * packet after the column definitions; this replaces the parse there, and
 * hands the end-of-rows packet to mysql2 as before. A row packet is a
 * slice of a socket chunk (or a buffer of its own when it spans chunks),
 * which nothing writes to again, so a row may keep it.
 */
export function streamRawRows(command: RawQueryCommand, highWaterMark: number): Readable {
  const parseRow = command.row;
  let decoder: RowDecoder | undefined;
  command.row = function rawRow(this: RawQueryCommand, packet, connection) {
    if (packet.isEOF()) return parseRow.call(this, packet, connection);
    decoder ??= {
      Packet: packet.constructor as PacketClass,
      parser: this._rowParser as RowParser,
      fields: this._fields[this._resultIndex],
      options: this.options,
    };
    // mysql2 hands every packet in one reused object: the row keeps its buffer and bounds, not the packet.
    this.emit('result', new RawRow(packet.buffer, packet.offset, packet.end, decoder), this._resultIndex);
    return rawRow;
  };
  return command.stream({ highWaterMark });
}
