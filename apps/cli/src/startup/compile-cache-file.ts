import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** V8 code for one module's source, valid while the source hashes to `hash`. */
export interface CachedCode {
  hash: string;
  data: Buffer;
}

const MAGIC = 'TMC1';
const PREFIX_BYTES = 8; // MAGIC, then the index's length (UInt32LE)

/**
 * Every module's cached code in one file, read whole at start (one read
 * instead of one per module) and rewritten whole, atomically, only when
 * something was added. A file that is missing, foreign or cut short reads
 * as empty: the cache is only ever a shortcut.
 */
export class CompileCacheFile {
  private readonly entries: Map<string, CachedCode>;
  private changed = false;

  constructor(readonly path: string) {
    this.entries = readEntries(path);
  }

  get(filename: string, hash: string): Buffer | undefined {
    const entry = this.entries.get(filename);
    return entry?.hash === hash ? entry.data : undefined;
  }

  /** The modules it holds code for. */
  filenames(): string[] {
    return [...this.entries.keys()];
  }

  set(filename: string, code: CachedCode): void {
    this.entries.set(filename, code);
    this.changed = true;
  }

  /** Writes a temporary file and renames it over the old one, so a concurrent reader sees one whole file or the other. */
  save(): void {
    if (!this.changed) return;
    const entries = [...this.entries];
    const index = Buffer.from(JSON.stringify(entries.map(([filename, e]) => [filename, e.hash, e.data.length])));
    const prefix = Buffer.alloc(PREFIX_BYTES);
    prefix.write(MAGIC, 0, 'latin1');
    prefix.writeUInt32LE(index.length, 4);
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    const temporary = `${this.path}.${process.pid}.tmp`;
    try {
      writeFileSync(temporary, Buffer.concat([prefix, index, ...entries.map(([, e]) => e.data)]), { mode: 0o600 });
      renameSync(temporary, this.path);
    } finally {
      rmSync(temporary, { force: true });
    }
    this.changed = false;
  }
}

function readEntries(path: string): Map<string, CachedCode> {
  const entries = new Map<string, CachedCode>();
  let file: Buffer;
  try {
    file = readFileSync(path);
  } catch {
    return entries;
  }
  if (file.length < PREFIX_BYTES || file.toString('latin1', 0, 4) !== MAGIC) return entries;
  const indexEnd = PREFIX_BYTES + file.readUInt32LE(4);
  let index: [string, string, number][];
  try {
    index = JSON.parse(file.toString('utf8', PREFIX_BYTES, indexEnd));
  } catch {
    return entries;
  }
  let offset = indexEnd;
  for (const [filename, hash, length] of index) {
    entries.set(filename, { hash, data: file.subarray(offset, offset + length) });
    offset += length;
  }
  return offset === file.length ? entries : new Map();
}
