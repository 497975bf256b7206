#!/usr/bin/env node
// Parquet writer benchmark for the extractor (see docs/decisions/0001-parquet-library.md).
//
//   node tools/bench/parquet-writers.mjs [--rows N] [--row-group-size N] [--only a,b] [--all] [--out DIR] [--keep]
//
//   --only a,b  run candidates whose name contains one of the substrings
//   --all       also run the slow duplicates of the VARCHAR -> DECIMAL(38,10) cast (about +3 min at 1M rows)
//   --keep      keep the Parquet files in --out (default: deleted after verification)
//
// Every candidate runs in its own child process so that peak RSS (getrusage maxRSS) belongs
// to that candidate alone. Each child first generates the same deterministic N rows in memory,
// shaped like mysql2 delivers them with `supportBigNumbers + bigNumberStrings + dateStrings`
// (ids, DATETIME(6) and DECIMAL as exact strings), records the RSS baseline, then writes.
// Afterwards every file is read back by DuckDB and by hyparquet in separate child processes and
// compared value by value with the regenerated rows (exact strings, no floats, no Date).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);

// ---------------------------------------------------------------- args
function parseArgs(argv) {
  const a = { rows: 1_000_000, rowGroupSize: 122_880, out: path.join(os.tmpdir(), 'tidemark-parquet-bench'), keep: false };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const next = () => argv[++i];
    if (k === '--rows') a.rows = Number(next());
    else if (k === '--row-group-size') a.rowGroupSize = Number(next());
    else if (k === '--out') a.out = next();
    else if (k === '--only') a.only = next().split(',');
    else if (k === '--keep') a.keep = true;
    else if (k === '--all') a.all = true;
    else if (k === '--child') a.child = next();
    else if (k === '--candidate') a.candidate = next();
    else if (k === '--reader') a.reader = next();
    else if (k === '--file') a.file = next();
    else if (k === '--dec') a.dec = next();
    else throw new Error(`unknown argument ${k}`);
  }
  if (!Number.isInteger(a.rows) || a.rows < 10) throw new Error('--rows must be an integer >= 10');
  return a;
}

// ---------------------------------------------------------------- deterministic data
function mulberry32(seed) {
  return function () {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = ['Alice', 'Bob', 'Zoë Ångström', '名前テスト', 'Grüße', '😀 smile', 'emoji 🇩🇪 flag', "O'Brien, \"Q\"", 'line\nbreak', 'back\\slash', 'tab\there', 'Ωmega'];
const NOTES = ['', 'NULL', '\\N', 'ok', 'note with, comma', 'quote " inside', 'multi\nline', '😀😀', 'x'.repeat(100)];

// exact edge rows first, so a broken writer fails loudly on row 0..n
const SPECIALS = [
  { id: '18446744073709551615', updated_at: '9999-12-31 23:59:59.999999', name: '😀', a12: '9999999999.99', a38: '9999999999999999999999999999.9999999999', active: true, note: '' },
  { id: '0', updated_at: '1000-01-01 00:00:00.000000', name: '', a12: '-9999999999.99', a38: '-9999999999999999999999999999.9999999999', active: false, note: null },
  { id: '9007199254740993', updated_at: '1969-12-31 23:59:59.999999', name: 'x'.repeat(64), a12: '0.00', a38: '0.0000000000', active: true, note: 'a,b "c"\nd\\e' },
  { id: '9223372036854775807', updated_at: '1970-01-01 00:00:00.000000', name: '名前😀🇩🇪 Zoë', a12: '-0.01', a38: '-0.0000000001', active: false, note: 'NULL' },
  { id: '9223372036854775808', updated_at: '2025-08-01 10:00:00.123456', name: '😀'.repeat(64), a12: '0.10', a38: '0.1000000000', active: true, note: '\\N' },
  { id: '18446744073709551614', updated_at: '2025-08-01 10:00:00.123456', name: 'tie', a12: '1.00', a38: '12345678901234567890.0123456789', active: false, note: '😀' },
];

const BASE_MICROS = 1754042400000000; // 2025-08-01 10:00:00 UTC, as a number (< 2^53)

function fmtGenMicros(m) {
  // generator-side formatting (uses Date for the calendar; readers use pure arithmetic)
  const sec = Math.floor(m / 1e6);
  const frac = m - sec * 1e6;
  return new Date(sec * 1000).toISOString().slice(0, 19).replace('T', ' ') + '.' + String(frac).padStart(6, '0');
}

/** rows as mysql2 returns them: { id, updated_at, name, amount, active, note } */
function generateRows(n, dec) {
  const rnd = mulberry32(20261121);
  const rows = new Array(n);
  const d38 = dec === '38,10';
  for (let i = 0; i < n; i++) {
    if (i < SPECIALS.length) {
      const s = SPECIALS[i];
      rows[i] = { id: s.id, updated_at: s.updated_at, name: s.name, amount: d38 ? s.a38 : s.a12, active: s.active, note: s.note };
      continue;
    }
    const id = i % 1000 === 0 ? String(9223372036854775808n + BigInt(i)) : String(i + 1);
    // ties: three consecutive rows share a timestamp; every 10th group has .000000
    let micros = BASE_MICROS + Math.floor(i / 3) * 1234567;
    if (Math.floor(i / 3) % 10 === 0) micros -= micros % 1e6;
    const r1 = rnd();
    const name = NAMES[Math.floor(r1 * NAMES.length)] + ' ' + (i % 10007);
    let amount;
    const neg = rnd() < 0.1;
    if (d38) {
      const ip = (String(Math.floor(rnd() * 1e14)) + String(Math.floor(rnd() * 1e14)).padStart(14, '0')).replace(/^0+(?=\d)/, '');
      const fp = String(Math.floor(rnd() * 1e10)).padStart(10, '0');
      amount = (neg ? '-' : '') + ip + '.' + fp;
    } else {
      const mag = rnd() < 0.7 ? 1e5 : 1e10;
      const ip = Math.floor(rnd() * mag);
      const fp = Math.floor(rnd() * 100);
      amount = (neg && (ip || fp) ? '-' : '') + ip + '.' + String(fp).padStart(2, '0');
    }
    const active = rnd() < 0.5;
    const note = rnd() < 0.5 ? null : rnd() < 0.3 ? NOTES[Math.floor(rnd() * NOTES.length)] : 'note ' + (i % 777);
    rows[i] = { id, updated_at: fmtGenMicros(micros), name, amount, active, note };
  }
  return rows;
}

// ---------------------------------------------------------------- exact conversions (no float, no Date)
function daysFromCivil(y, m, d) {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}
function civilFromDays(z) {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  let y = yoe + era * 400;
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  if (m <= 2) y++;
  return [y, m, d];
}
const TS_RE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/;
/** 'YYYY-MM-DD HH:MM:SS[.ffffff]' -> microseconds since epoch (bigint), no Date involved */
export function parseTimestampMicros(s) {
  const m = TS_RE.exec(s);
  if (!m) throw new RangeError(`bad DATETIME string ${JSON.stringify(s)}`);
  const secs = daysFromCivil(+m[1], +m[2], +m[3]) * 86400 + +m[4] * 3600 + +m[5] * 60 + +m[6];
  const frac = m[7] ? +(m[7] + '00000').slice(0, 6) : 0;
  return secs > -9e9 && secs < 9e9 ? BigInt(secs * 1e6 + frac) : BigInt(secs) * 1000000n + BigInt(frac);
}
const p2 = (n) => (n < 10 ? '0' + n : '' + n);
export function formatMicros(micros) {
  let sec = micros / 1000000n;
  let frac = micros % 1000000n;
  if (frac < 0n) { frac += 1000000n; sec -= 1n; }
  const s = Number(sec);
  const days = Math.floor(s / 86400);
  const rem = s - days * 86400;
  const [y, mo, d] = civilFromDays(days);
  return `${String(y).padStart(4, '0')}-${p2(mo)}-${p2(d)} ${p2(Math.floor(rem / 3600))}:${p2(Math.floor((rem % 3600) / 60))}:${p2(rem % 60)}.${String(frac).padStart(6, '0')}`;
}
const ZEROS = '0'.repeat(40);
/** '-123.4' with scale 2 -> -12340n; refuses more fractional digits than the scale (no rounding) */
export function parseDecimalScaled(str, scale) {
  let neg = false;
  let start = 0;
  if (str.charCodeAt(0) === 45) { neg = true; start = 1; }
  const dot = str.indexOf('.');
  const ip = dot < 0 ? str.slice(start) : str.slice(start, dot);
  const fp = dot < 0 ? '' : str.slice(dot + 1);
  if (fp.length > scale) throw new RangeError(`decimal ${str} has more than ${scale} fractional digits`);
  const v = BigInt(ip + fp + ZEROS.slice(0, scale - fp.length));
  return neg ? -v : v;
}
export function formatScaled(v, scale) {
  const neg = v < 0n;
  let s = (neg ? -v : v).toString();
  if (scale === 0) return (neg ? '-' : '') + s;
  s = s.padStart(scale + 1, '0');
  return (neg ? '-' : '') + s.slice(0, -scale) + '.' + s.slice(-scale);
}
function bytesToSignedBigInt(b) {
  let v = 0n;
  for (let i = 0; i < b.length; i++) v = (v << 8n) | BigInt(b[i]);
  if (b.length && b[0] & 0x80) v -= 1n << BigInt(b.length * 8);
  return v;
}

// ---------------------------------------------------------------- candidates
const decParams = (dec) => dec.split(',').map(Number); // [width, scale]

async function openDuck(dir) {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:', {
    threads: '2',
    memory_limit: '2GB',
    temp_directory: path.join(dir, 'duckdb_tmp'),
    preserve_insertion_order: 'true',
  });
  const conn = await instance.connect();
  return { instance, conn };
}
const typedDDL = (table, dec) =>
  `CREATE TABLE ${table} (id UBIGINT NOT NULL, updated_at TIMESTAMP NOT NULL, name VARCHAR NOT NULL, amount DECIMAL(${dec}) NOT NULL, active BOOLEAN NOT NULL, note VARCHAR)`;

async function duckCopy(conn, select, file, rg, codec) {
  const t0 = performance.now();
  await conn.run(`COPY (${select}) TO '${file}' (FORMAT parquet, COMPRESSION ${codec}, ROW_GROUP_SIZE ${rg})`);
  return performance.now() - t0;
}

/** fills table `t` from rows; returns nothing. strategy decides how. */
const DUCK_FILL = {
  // one native call per value, typed JS values (bigint, DuckDBTimestampValue, DuckDBDecimalValue)
  async 'row-typed'(conn, rows, dec, api) {
    const [w, s] = decParams(dec);
    await conn.run(typedDDL('t', dec));
    const a = await conn.createAppender('t');
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      a.appendUBigInt(BigInt(r.id));
      a.appendTimestamp(new api.DuckDBTimestampValue(parseTimestampMicros(r.updated_at)));
      a.appendVarchar(r.name);
      a.appendDecimal(new api.DuckDBDecimalValue(parseDecimalScaled(r.amount, s), w, s));
      a.appendBoolean(r.active);
      if (r.note === null) a.appendNull(); else a.appendVarchar(r.note);
      a.endRow();
    }
    a.flushSync();
    a.closeSync();
    return 't';
  },
  // one native call per value, the mysql strings passed straight through (DuckDB casts VARCHAR -> column type)
  async 'row-varchar'(conn, rows, dec) {
    await conn.run(typedDDL('t', dec));
    const a = await conn.createAppender('t');
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      a.appendVarchar(r.id);
      a.appendVarchar(r.updated_at);
      a.appendVarchar(r.name);
      a.appendVarchar(r.amount);
      a.appendBoolean(r.active);
      if (r.note === null) a.appendNull(); else a.appendVarchar(r.note);
      a.endRow();
    }
    a.flushSync();
    a.closeSync();
    return 't';
  },
  // row appender, strings for everything except the DECIMAL, which JS parses to an unscaled bigint
  // (DuckDB's VARCHAR -> DECIMAL(p>18) cast is very slow; see row-varchar-d38 / staging-cast-d38)
  async 'row-hybrid'(conn, rows, dec, api) {
    const [w, s] = decParams(dec);
    await conn.run(typedDDL('t', dec));
    const a = await conn.createAppender('t');
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      a.appendVarchar(r.id);
      a.appendVarchar(r.updated_at);
      a.appendVarchar(r.name);
      a.appendDecimal(new api.DuckDBDecimalValue(parseDecimalScaled(r.amount, s), w, s));
      a.appendBoolean(r.active);
      if (r.note === null) a.appendNull(); else a.appendVarchar(r.note);
      a.endRow();
    }
    a.flushSync();
    a.closeSync();
    return 't';
  },
  // 2048-row DataChunks with typed vectors; JS parses strings to bigint / micros / scaled bigint
  async 'chunk-typed'(conn, rows, dec, api) {
    const [w, s] = decParams(dec);
    await conn.run(typedDDL('t', dec));
    const a = await conn.createAppender('t');
    const types = [api.UBIGINT, api.TIMESTAMP, api.VARCHAR, api.DECIMAL(w, s), api.BOOLEAN, api.VARCHAR];
    const V = 2048;
    for (let off = 0; off < rows.length; off += V) {
      const cnt = Math.min(V, rows.length - off);
      const chunk = api.DuckDBDataChunk.create(types, cnt);
      const v = types.map((_, c) => chunk.getColumnVector(c));
      for (let j = 0; j < cnt; j++) {
        const r = rows[off + j];
        v[0].setItem(j, BigInt(r.id));
        v[1].setItem(j, new api.DuckDBTimestampValue(parseTimestampMicros(r.updated_at)));
        v[2].setItem(j, r.name);
        v[3].setItem(j, new api.DuckDBDecimalValue(parseDecimalScaled(r.amount, s), w, s));
        v[4].setItem(j, r.active);
        v[5].setItem(j, r.note);
      }
      for (const x of v) x.flush();
      a.appendDataChunk(chunk);
    }
    a.flushSync();
    a.closeSync();
    return 't';
  },
  // 2048-row DataChunks of VARCHAR vectors appended into the typed table: DuckDB casts per chunk
  async 'chunk-varchar-cast'(conn, rows, dec, api) {
    await conn.run(typedDDL('t', dec));
    const a = await conn.createAppender('t');
    const types = [api.VARCHAR, api.VARCHAR, api.VARCHAR, api.VARCHAR, api.BOOLEAN, api.VARCHAR];
    const keys = ['id', 'updated_at', 'name', 'amount', 'active', 'note'];
    const V = 2048;
    for (let off = 0; off < rows.length; off += V) {
      const cnt = Math.min(V, rows.length - off);
      const chunk = api.DuckDBDataChunk.create(types, cnt);
      for (let c = 0; c < keys.length; c++) {
        const vec = chunk.getColumnVector(c);
        const k = keys[c];
        for (let j = 0; j < cnt; j++) vec.setItem(j, rows[off + j][k]);
        vec.flush();
      }
      a.appendDataChunk(chunk);
    }
    a.flushSync();
    a.closeSync();
    return 't';
  },
  // all-VARCHAR staging table filled by the row appender, CAST inside the COPY's SELECT
  // (the shape of libs/parquet's ParquetFileWriter)
  async 'staging-row'(conn, rows, dec) {
    await conn.run('CREATE TABLE s (id VARCHAR, updated_at VARCHAR, name VARCHAR, amount VARCHAR, active BOOLEAN, note VARCHAR)');
    const a = await conn.createAppender('s');
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      a.appendVarchar(r.id);
      a.appendVarchar(r.updated_at);
      a.appendVarchar(r.name);
      a.appendVarchar(r.amount);
      a.appendBoolean(r.active);
      if (r.note === null) a.appendNull(); else a.appendVarchar(r.note);
      a.endRow();
    }
    a.flushSync();
    a.closeSync();
    return `SELECT id::UBIGINT AS id, updated_at::TIMESTAMP AS updated_at, name, amount::DECIMAL(${dec}) AS amount, active, note FROM s`;
  },
  // all-VARCHAR staging table filled by DataChunks, CAST inside the COPY's SELECT
  async 'staging-cast'(conn, rows, dec, api) {
    await conn.run('CREATE TABLE s (id VARCHAR, updated_at VARCHAR, name VARCHAR, amount VARCHAR, active BOOLEAN, note VARCHAR)');
    const a = await conn.createAppender('s');
    const types = [api.VARCHAR, api.VARCHAR, api.VARCHAR, api.VARCHAR, api.BOOLEAN, api.VARCHAR];
    const keys = ['id', 'updated_at', 'name', 'amount', 'active', 'note'];
    const V = 2048;
    for (let off = 0; off < rows.length; off += V) {
      const cnt = Math.min(V, rows.length - off);
      const chunk = api.DuckDBDataChunk.create(types, cnt);
      for (let c = 0; c < keys.length; c++) {
        const vec = chunk.getColumnVector(c);
        const k = keys[c];
        for (let j = 0; j < cnt; j++) vec.setItem(j, rows[off + j][k]);
        vec.flush();
      }
      a.appendDataChunk(chunk);
    }
    a.flushSync();
    a.closeSync();
    return `SELECT id::UBIGINT AS id, updated_at::TIMESTAMP AS updated_at, name, amount::DECIMAL(${dec}) AS amount, active, note FROM s`;
  },
};

const HYPARQUET_CODECS = {
  SNAPPY: undefined, // built in (pure JS)
  GZIP: { GZIP: (input) => zlib.gzipSync(input, { level: 6 }) },
  ZSTD: {}, // no zstd in node 20's zlib and no zstd package installed: expected to be refused
};

function hyparquetSchema(dec) {
  const [w, s] = decParams(dec);
  const amount = w <= 18
    ? { name: 'amount', type: 'INT64', repetition_type: 'REQUIRED', converted_type: 'DECIMAL', precision: w, scale: s, logical_type: { type: 'DECIMAL', precision: w, scale: s } }
    : { name: 'amount', type: 'FIXED_LEN_BYTE_ARRAY', type_length: 16, repetition_type: 'REQUIRED', converted_type: 'DECIMAL', precision: w, scale: s, logical_type: { type: 'DECIMAL', precision: w, scale: s } };
  return [
    { name: 'root', num_children: 6 },
    // converted_type only: hyparquet-writer 0.17.0 serializes logical_type INTEGER's bitWidth as thrift i32
    // instead of i8, and DuckDB then refuses the whole file ("TProtocolException: Invalid data").
    { name: 'id', type: 'INT64', repetition_type: 'REQUIRED', converted_type: 'UINT_64' },
    { name: 'updated_at', type: 'INT64', repetition_type: 'REQUIRED', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: false, unit: 'MICROS' } },
    { name: 'name', type: 'BYTE_ARRAY', repetition_type: 'REQUIRED', converted_type: 'UTF8', logical_type: { type: 'STRING' } },
    amount,
    { name: 'active', type: 'BOOLEAN', repetition_type: 'REQUIRED' },
    { name: 'note', type: 'BYTE_ARRAY', repetition_type: 'OPTIONAL', converted_type: 'UTF8', logical_type: { type: 'STRING' } },
  ];
}

/** streaming: one ParquetWriter, one write() per row group, file flushed every ~1 MB by fileWriter */
async function hyparquetWrite(rows, dec, codec, file, rg) {
  const { ParquetWriter, fileWriter } = await import('hyparquet-writer');
  const s = decParams(dec)[1];
  const writer = new ParquetWriter({ writer: fileWriter(file), schema: hyparquetSchema(dec), codec, compressors: HYPARQUET_CODECS[codec], createdBy: 'tidemark-bench' });
  for (let off = 0; off < rows.length; off += rg) {
    const cnt = Math.min(rg, rows.length - off);
    const id = new BigUint64Array(cnt);
    const ts = new BigInt64Array(cnt);
    const name = new Array(cnt);
    const amount = new Array(cnt);
    const active = new Array(cnt);
    const note = new Array(cnt);
    for (let j = 0; j < cnt; j++) {
      const r = rows[off + j];
      id[j] = BigInt(r.id);
      ts[j] = parseTimestampMicros(r.updated_at);
      name[j] = r.name;
      amount[j] = parseDecimalScaled(r.amount, s);
      active[j] = r.active;
      note[j] = r.note;
    }
    await writer.write({
      columnData: [
        { name: 'id', data: id }, { name: 'updated_at', data: ts }, { name: 'name', data: name },
        { name: 'amount', data: amount }, { name: 'active', data: active }, { name: 'note', data: note },
      ],
      rowGroupSize: cnt,
    });
  }
  await writer.finish();
}

const CANDIDATES = [
  { name: 'duckdb/row-typed', lib: 'duckdb', fill: 'row-typed', dec: '12,2' },
  { name: 'duckdb/row-varchar', lib: 'duckdb', fill: 'row-varchar', dec: '12,2' },
  { name: 'duckdb/chunk-typed', lib: 'duckdb', fill: 'chunk-typed', dec: '12,2' },
  { name: 'duckdb/chunk-varchar-cast', lib: 'duckdb', fill: 'chunk-varchar-cast', dec: '12,2' },
  { name: 'duckdb/staging-row', lib: 'duckdb', fill: 'staging-row', dec: '12,2' },
  { name: 'duckdb/staging-cast', lib: 'duckdb', fill: 'staging-cast', dec: '12,2' },
  { name: 'duckdb/row-typed-d38', lib: 'duckdb', fill: 'row-typed', dec: '38,10' },
  { name: 'duckdb/row-varchar-d38', lib: 'duckdb', fill: 'row-varchar', dec: '38,10', slow: true },
  { name: 'duckdb/row-hybrid-d38', lib: 'duckdb', fill: 'row-hybrid', dec: '38,10' },
  { name: 'duckdb/chunk-typed-d38', lib: 'duckdb', fill: 'chunk-typed', dec: '38,10' },
  { name: 'duckdb/chunk-varchar-cast-d38', lib: 'duckdb', fill: 'chunk-varchar-cast', dec: '38,10', slow: true },
  { name: 'duckdb/staging-cast-d38', lib: 'duckdb', fill: 'staging-cast', dec: '38,10' },
  { name: 'hyparquet/stream-snappy', lib: 'hyparquet', codec: 'SNAPPY', dec: '12,2' },
  { name: 'hyparquet/stream-gzip', lib: 'hyparquet', codec: 'GZIP', dec: '12,2' },
  { name: 'hyparquet/stream-snappy-d38', lib: 'hyparquet', codec: 'SNAPPY', dec: '38,10' },
  { name: 'hyparquet/stream-zstd', lib: 'hyparquet', codec: 'ZSTD', dec: '12,2' },
];
const fileFor = (out, name, suffix = '') => path.join(out, name.replace(/\//g, '__') + suffix + '.parquet');
const maxRssMB = () => process.resourceUsage().maxRSS / 1024;

async function childWrite(args) {
  const cand = CANDIDATES.find((c) => c.name === args.candidate);
  const tg = performance.now();
  const rows = generateRows(args.rows, cand.dec);
  const genMs = performance.now() - tg;
  globalThis.gc?.();
  const baseline = maxRssMB();
  const file = fileFor(args.out, cand.name);
  const res = { name: cand.name, dec: cand.dec, rows: rows.length, genMs, baselineRssMB: baseline, file };
  if (cand.lib === 'duckdb') {
    const api = await import('@duckdb/node-api');
    const { instance, conn } = await openDuck(args.out);
    const t0 = performance.now();
    const select = await DUCK_FILL[cand.fill](conn, rows, cand.dec, api);
    res.fillMs = performance.now() - t0;
    const selectSql = select.startsWith('SELECT') ? select : `SELECT * FROM ${select}`;
    res.copyMs = await duckCopy(conn, selectSql, file, args.rowGroupSize, 'zstd');
    res.writeMs = performance.now() - t0;
    res.peakRssMB = maxRssMB();
    // untimed extra copies: SNAPPY for hyparquet (which cannot decode ZSTD on node 20), for size comparison
    const snappy = fileFor(args.out, cand.name, '.snappy');
    res.snappyCopyMs = await duckCopy(conn, selectSql, snappy, args.rowGroupSize, 'snappy');
    res.snappyFile = snappy;
    res.snappyBytes = fs.statSync(snappy).size;
    conn.closeSync();
    instance.closeSync();
  } else {
    const t0 = performance.now();
    try {
      await hyparquetWrite(rows, cand.dec, cand.codec, file, args.rowGroupSize);
    } catch (e) {
      res.error = String(e.message || e);
      fs.rmSync(file, { force: true });
    }
    res.writeMs = performance.now() - t0;
    res.peakRssMB = maxRssMB();
  }
  if (!res.error) res.bytes = fs.statSync(file).size;
  res.rowsPerSec = res.error ? null : Math.round(rows.length / (res.writeMs / 1000));
  return res;
}

// ---------------------------------------------------------------- verification
function makeChecker(expectedRows) {
  const cols = ['id', 'updated_at', 'name', 'amount', 'active', 'note'];
  const mismatches = Object.fromEntries(cols.map((c) => [c, 0]));
  const examples = [];
  let seen = 0;
  return {
    /** actual: [idStr, tsStr, name, amountStr, active, note|null] */
    check(rowIndex, actual) {
      seen++;
      const e = expectedRows[rowIndex];
      if (!e) { mismatches.id++; return; }
      for (let c = 0; c < 6; c++) {
        const ev = e[cols[c]];
        const av = actual[c] === undefined ? null : actual[c];
        if (ev !== av) {
          mismatches[cols[c]]++;
          if (examples.length < 6) examples.push({ row: rowIndex, col: cols[c], expected: ev, actual: typeof av === 'bigint' ? `${av}n` : av });
        }
      }
    },
    result(extra) {
      const total = Object.values(mismatches).reduce((a, b) => a + b, 0) + Math.abs(expectedRows.length - seen);
      return { rowsRead: seen, rowsExpected: expectedRows.length, mismatches, totalMismatches: total, examples, ...extra };
    },
  };
}

async function verifyDuck(args) {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const expected = generateRows(args.rows, args.dec);
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const conn = await instance.connect();
  const f = args.file.replace(/'/g, "''");
  const types = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${f}')`)).getRowObjectsJS().map((r) => `${r.column_name}:${r.column_type}`);
  const meta = (await conn.runAndReadAll(`SELECT count(DISTINCT row_group_id)::INT AS rg, string_agg(DISTINCT compression, ',') AS codec FROM parquet_metadata('${f}')`)).getRowObjectsJS()[0];
  const checker = makeChecker(expected);
  // exact text rendering done by DuckDB itself
  const res = await conn.stream(`SELECT id::VARCHAR, strftime(updated_at, '%Y-%m-%d %H:%M:%S.%f'), name, amount::VARCHAR, active, note FROM read_parquet('${f}')`);
  let row = 0;
  for (;;) {
    const chunk = await res.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const v = [0, 1, 2, 3, 4, 5].map((c) => chunk.getColumnVector(c));
    for (let j = 0; j < chunk.rowCount; j++) checker.check(row++, v.map((x) => x.getItem(j)));
  }
  conn.closeSync();
  instance.closeSync();
  return checker.result({ reader: 'duckdb', types, rowGroups: meta.rg, codec: meta.codec });
}

async function verifyHyparquet(args) {
  const { parquetMetadataAsync, parquetRead, asyncBufferFromFile } = await import('hyparquet');
  const expected = generateRows(args.rows, args.dec);
  const file = await asyncBufferFromFile(args.file);
  const meta = await parquetMetadataAsync(file);
  const codec = meta.row_groups[0]?.columns[0]?.meta_data?.codec;
  const leaf = meta.schema.slice(1);
  const types = leaf.map((e) => `${e.name}:${e.type}/${e.logical_type?.type ?? e.converted_type ?? ''}${e.converted_type === 'DECIMAL' ? `(${e.precision},${e.scale})` : ''}${e.logical_type?.type === 'INTEGER' ? (e.logical_type.isSigned ? '(signed)' : '(unsigned)') : ''}${e.logical_type?.unit ? '(' + e.logical_type.unit + ')' : ''}`);
  const compressors = { GZIP: (input) => new Uint8Array(zlib.gunzipSync(input)) };
  const out = { reader: 'hyparquet', types, rowGroups: meta.row_groups.length, codec };
  // exact mode: strip the DECIMAL annotation so hyparquet hands back the unscaled integer (its own
  // DECIMAL conversion is Number(x) * 10^-scale, i.e. float), timestamps as raw bigint micros.
  const scales = {};
  const rawMeta = { ...meta, schema: meta.schema.map((e) => {
    if (e.converted_type === 'DECIMAL' || e.logical_type?.type === 'DECIMAL') {
      scales[e.name] = e.scale ?? 0;
      const rest = { ...e };
      delete rest.converted_type;
      delete rest.logical_type;
      return rest;
    }
    return e;
  }) };
  const checker = makeChecker(expected);
  const toStr = (v, s) => (v === null || v === undefined ? null : formatScaled(v instanceof Uint8Array ? bytesToSignedBigInt(v) : BigInt(v), s));
  try {
    let start = 0;
    for (const rg of meta.row_groups) {
      const end = start + Number(rg.num_rows);
      await parquetRead({
        file, metadata: rawMeta, compressors, rowStart: start, rowEnd: end,
        parsers: { timestampFromMicroseconds: (m) => m },
        onComplete: (rows) => {
          for (let j = 0; j < rows.length; j++) {
            const [id, ts, name, amount, active, note] = rows[j];
            checker.check(start + j, [id == null ? null : String(id), ts == null ? null : formatMicros(ts), name, toStr(amount, scales.amount), active, note]);
          }
        },
      });
      start = end;
    }
  } catch (e) {
    return { ...out, error: String(e.message || e) };
  }
  Object.assign(out, checker.result());
  // naive mode (hyparquet defaults) on the three risky columns, to quantify what a plain read loses
  const naive = { id: 0, updated_at: 0, amount: 0 };
  const scale = scales.amount;
  let start = 0;
  for (const rg of meta.row_groups) {
    const end = start + Number(rg.num_rows);
    await parquetRead({
      file, compressors, rowStart: start, rowEnd: end, columns: ['id', 'updated_at', 'amount'],
      onComplete: (rows) => {
        for (let j = 0; j < rows.length; j++) {
          const e = expected[start + j];
          const [id, ts, amount] = rows[j];
          if (String(id) !== e.id) naive.id++;
          if (!(ts instanceof Date) || ts.toISOString().replace('T', ' ').slice(0, 23) + '000' !== e.updated_at) naive.updated_at++;
          if (typeof amount !== 'number' || amount.toFixed(scale) !== e.amount) naive.amount++;
        }
      },
    });
    start = end;
  }
  out.naiveMismatches = naive;
  return out;
}

// ---------------------------------------------------------------- orchestration
function runChild(args, extra) {
  const argv = [SELF, '--rows', String(args.rows), '--out', args.out, '--row-group-size', String(args.rowGroupSize), ...extra];
  const t0 = performance.now();
  const r = spawnSync(process.execPath, argv, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 300_000 });
  const ms = performance.now() - t0;
  const line = (r.stdout || '').trim().split('\n').pop();
  try {
    return { ...JSON.parse(line), childMs: ms };
  } catch {
    return { error: `child failed (status ${r.status}, signal ${r.signal}): ${(r.stderr || '').trim().split('\n').slice(-3).join(' | ')}`, childMs: ms };
  }
}

const fmtInt = (n) => (n == null ? '-' : Math.round(n).toLocaleString('en-US'));
const fmtMB = (n) => (n == null ? '-' : n.toFixed(0));

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.child === 'write') return console.log(JSON.stringify(await childWrite(args)));
  if (args.child === 'verify') return console.log(JSON.stringify(args.reader === 'duckdb' ? await verifyDuck(args) : await verifyHyparquet(args)));

  fs.mkdirSync(args.out, { recursive: true });
  const { version } = await import('@duckdb/node-api');
  const pkg = (p) => JSON.parse(fs.readFileSync(new URL(`../../node_modules/${p}/package.json`, import.meta.url))).version;
  const env = {
    date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model,
    totalMemGB: +(os.totalmem() / 2 ** 30).toFixed(1), duckdb: version(), nodeApi: pkg('@duckdb/node-api'),
    hyparquet: pkg('hyparquet'), hyparquetWriter: pkg('hyparquet-writer'), rows: args.rows, rowGroupSize: args.rowGroupSize,
  };
  console.log(`# parquet writer benchmark ${JSON.stringify(env)}`);
  const t0 = performance.now();
  const results = [];
  for (const cand of CANDIDATES) {
    if (args.only ? !args.only.some((o) => cand.name.includes(o)) : cand.slow && !args.all) continue;
    const w = runChild(args, ['--child', 'write', '--candidate', cand.name]);
    console.log(`write  ${cand.name}: ${w.error ? 'ERROR ' + w.error : `${fmtInt(w.rowsPerSec)} rows/s, ${fmtInt(w.writeMs)} ms, peak ${fmtMB(w.peakRssMB)} MB (baseline ${fmtMB(w.baselineRssMB)}), ${fmtInt(w.bytes)} B`}`);
    const r = { cand, write: w, verify: [] };
    results.push(r);
    if (w.error) continue;
    const files = [[w.file, 'zstd/own codec'], ...(w.snappyFile ? [[w.snappyFile, 'duckdb snappy copy']] : [])];
    for (const [file, label] of files) {
      // the SNAPPY copy of a DuckDB file exists only so that hyparquet (no ZSTD on node 20) can cross-read it
      for (const reader of label === 'duckdb snappy copy' ? ['hyparquet'] : ['duckdb', 'hyparquet']) {
        const v = runChild(args, ['--child', 'verify', '--reader', reader, '--file', file, '--dec', cand.dec]);
        v.label = label;
        v.reader = reader;
        r.verify.push(v);
        console.log(`  verify ${reader.padEnd(9)} ${path.basename(file)}: ${v.error ? 'CANNOT READ: ' + v.error : `${v.totalMismatches} mismatches ${JSON.stringify(v.mismatches)} rows ${v.rowsRead}/${v.rowsExpected} rg=${v.rowGroups} codec=${v.codec}${v.naiveMismatches ? ' naive=' + JSON.stringify(v.naiveMismatches) : ''}`}`);
        if (v.examples?.length) console.log(`    examples: ${JSON.stringify(v.examples)}`);
        if (v.types) console.log(`    types: ${v.types.join(' ')}`);
      }
    }
    if (!args.keep) for (const [file] of files) fs.rmSync(file, { force: true });
  }
  console.log('\n| candidate | DECIMAL | write rows/s | write ms (fill + copy) | peak RSS MB (baseline = rows in JS) | peak - baseline MB | file bytes | DuckDB read mismatches | hyparquet read mismatches |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const { cand, write: w, verify } of results) {
    if (w.error) { console.log(`| ${cand.name} | ${cand.dec} | - | ${w.error} | | | | | |`); continue; }
    const own = verify.filter((v) => v.label === 'zstd/own codec');
    const snap = verify.filter((v) => v.label !== 'zstd/own codec');
    const cell = (vs, reader) => {
      const v = vs.find((x) => x.reader === reader);
      return !v ? '-' : v.error ? `unreadable (${v.error.slice(0, 48)})` : String(v.totalMismatches);
    };
    const split = w.fillMs != null ? `${fmtInt(w.writeMs)} (${fmtInt(w.fillMs)} + ${fmtInt(w.copyMs)})` : fmtInt(w.writeMs);
    const hyp = snap.length ? `${cell(own, 'hyparquet')}; snappy copy: ${cell(snap, 'hyparquet')}` : cell(own, 'hyparquet');
    console.log(`| ${cand.name} | ${cand.dec} | ${fmtInt(w.rowsPerSec)} | ${split} | ${fmtMB(w.peakRssMB)} (${fmtMB(w.baselineRssMB)}) | ${fmtMB(w.peakRssMB - w.baselineRssMB)} | ${fmtInt(w.bytes)}${w.snappyBytes ? ` (snappy ${fmtInt(w.snappyBytes)})` : ''} | ${cell(own, 'duckdb')} | ${hyp} |`);
  }
  const total = (performance.now() - t0) / 1000;
  console.log(`\ntotal ${total.toFixed(0)} s`);
  fs.writeFileSync(path.join(args.out, 'results.json'), JSON.stringify({ env, results, totalSeconds: total }, (k, v) => (typeof v === 'bigint' ? String(v) : v), 2));
  console.log(`results: ${path.join(args.out, 'results.json')}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
