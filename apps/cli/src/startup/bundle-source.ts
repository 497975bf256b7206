import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** A module's source as V8 compiles it, and the hash its cached code is checked against. */
export interface BundleSource {
  text: string;
  hash: string;
}

/** The hash of a module's source: of its bytes, which for a UTF-8 file are what `sourceHash(text)` hashes too. */
export function sourceHash(source: string | Buffer): string {
  return createHash('sha1').update(source).digest('base64');
}

/**
 * Reads one of the CLI's own bundles. Node reads a module as UTF-8, which
 * for the 10 MiB packages.js took 85–120 ms of every start; the bundle is
 * ASCII (ADR 0052), and an ASCII file read as Latin-1 is the same string at
 * the cost of a copy. Hashing the bytes rather than the string also skips
 * encoding the string back to UTF-8 (40 ms). ADR 0053.
 */
export function readBundleSource(filename: string): BundleSource {
  const bytes = readFileSync(filename);
  const text = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  return { text, hash: sourceHash(bytes) };
}
