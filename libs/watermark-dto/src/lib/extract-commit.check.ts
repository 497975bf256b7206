/**
 * A quick check of an extract commit's body, run before class-validator on
 * the hottest write route (decision 0045). It answers true only for a body
 * that ExtractCommitDto's decorators accept too (with the services' pipe:
 * whitelist, forbidNonWhitelisted), and false for anything else, valid or
 * not: class-validator then decides and words the refusal, so a bad body
 * gets exactly the answer it got before. Where being exact would cost code
 * it is stricter instead (a length counted in UTF-16 units, where
 * class-validator counts a surrogate pair once): such bodies only take the
 * slow path.
 */
type Check = (value: unknown) => boolean;

const CANONICAL_TS = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$/;
const ID = /^[A-Za-z0-9_.-]{1,80}$/;
const SHA256 = /^[0-9a-f]{64}$/;
const FINGERPRINT = /^[0-9a-f]{8,64}$/;
const BIGINT_DIGITS = /^[1-9]\d{0,18}$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text =
  (max: number): Check =>
  (v) =>
    typeof v === 'string' && v.length <= max;
const matching =
  (pattern: RegExp): Check =>
  (v) =>
    typeof v === 'string' && pattern.test(v);
const wholeFrom =
  (min: number): Check =>
  (v) =>
    typeof v === 'number' && Number.isInteger(v) && v >= min;
const orNull =
  (check: Check): Check =>
  (v) =>
    v === null || check(v);
// IsOptional: undefined and null skip the field's other checks.
const optional =
  (check: Check): Check =>
  (v) =>
    v === undefined || v === null || check(v);
const listOf =
  (check: Check, min: number, max: number): Check =>
  (v) =>
    Array.isArray(v) && v.length >= min && v.length <= max && v.every(check);

/** An object with exactly these fields (absent ones are undefined to their checks), and no other. */
function shape(fields: Record<string, Check>): Check {
  const names = Object.keys(fields);
  return (v) => {
    if (!isObject(v)) return false;
    for (const key in v) if (!Object.prototype.hasOwnProperty.call(fields, key)) return false;
    return names.every((name) => fields[name](v[name]));
  };
}

const cursor = shape({
  timestamp: orNull(matching(CANONICAL_TS)),
  primaryKey: orNull(listOf((v) => typeof v === 'string', 0, 16)),
});

const column = shape({
  name: text(64),
  dataType: text(32),
  columnType: text(4096),
  nullable: (v) => typeof v === 'boolean',
  length: optional(wholeFrom(0)),
  precision: optional(wholeFrom(0)),
  scale: optional(wholeFrom(0)),
  charset: optional(text(64)),
});

const file = shape({
  key: text(1024),
  uri: text(2048),
  rows: wholeFrom(0),
  bytes: wholeFrom(0),
  sha256: matching(SHA256),
});

const manifest = shape({
  version: (v) => v === 1,
  id: matching(ID),
  pipeline: text(64),
  table: text(200),
  runId: matching(ID),
  sequence: wholeFrom(1),
  createdAt: text(40),
  strategy: text(32),
  cursorColumn: orNull(text(64)),
  primaryKey: listOf((v) => typeof v === 'string', 0, 16),
  columns: listOf((v) => column(v), 1, 4096),
  loadOrder: optional(shape({ column: text(128), value: matching(BIGINT_DIGITS) })),
  schemaFingerprint: matching(FINGERPRINT),
  files: listOf((v) => file(v), 0, 10_000),
  rowCount: wholeFrom(0),
  byteCount: wholeFrom(0),
  minCursor: cursor,
  maxCursor: cursor,
});

/** True only for an extract commit body that ExtractCommitDto accepts as it is. */
export const isPlainValidExtractCommit: Check = shape({ manifest, fencingToken: optional(wholeFrom(1)) });
