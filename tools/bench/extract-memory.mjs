#!/usr/bin/env node
// Peak memory of `tidemark sync --backup-only` on tables of different sizes:
// extraction streams, so the peak should not grow with the row count.
//
//   npx nx build cli && node tools/bench/extract-memory.mjs [--rows 2000000,10000000] [--json]
//
// Needs MariaDB on 127.0.0.1:3306 (root) and writes to /tmp/tidemark-bench.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const work = '/tmp/tidemark-bench';
const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const sizes = option('rows', '2000000,10000000').split(',').map(Number);
const log = (text) => flag('json') || console.error(text);

/** The shape: BIGINT UNSIGNED key, DATETIME(6) cursor with ties, text, DECIMAL, flag, 50% NULL text. */
async function createTable(db, rows) {
  await db.query('CREATE DATABASE IF NOT EXISTS tidemark_bench');
  await db.query('DROP TABLE IF EXISTS tidemark_bench.orders');
  await db.query(`CREATE TABLE tidemark_bench.orders (
    id BIGINT UNSIGNED PRIMARY KEY, updated_at DATETIME(6) NOT NULL, customer VARCHAR(64) NOT NULL,
    amount DECIMAL(12,2) NOT NULL, paid TINYINT(1) NOT NULL, note VARCHAR(100) NULL, KEY by_cursor (updated_at, id))`);
  for (let from = 1; from <= rows; from += 1_000_000) {
    const to = Math.min(from + 999_999, rows);
    await db.query(
      `INSERT INTO tidemark_bench.orders
       SELECT seq, TIMESTAMP'2025-01-01 00:00:00' + INTERVAL (seq DIV 10) SECOND + INTERVAL (seq % 7) MICROSECOND,
              CONCAT('customer ', seq % 9973), (seq % 1000000) / 100, seq % 2, IF(seq % 2 = 0, NULL, CONCAT('note ', seq))
       FROM tidemark_bench.seq_${from}_to_${to}`,
    );
  }
}

function writeConfig() {
  rmSync(join(work, 'config'), { recursive: true, force: true });
  rmSync(join(work, 'state'), { recursive: true, force: true });
  mkdirSync(join(work, 'config/connections'), { recursive: true });
  writeFileSync(
    join(work, 'config/tidemark.yml'),
    'watermarkStore: { type: sqlite, path: state/watermarks.sqlite }\n' +
      'objectStore: { type: local, directory: state/objects }\n' +
      'warehouse: { type: postgres, url: "postgresql://postgres@127.0.0.1:5432/test" }\n',
  );
  writeFileSync(join(work, 'config/connections/default.yml'), 'host: 127.0.0.1\nport: 3306\nuser: root\n');
}

function extract() {
  const rssFile = join(work, 'rss');
  const started = process.hrtime.bigint();
  const r = spawnSync(
    'node',
    ['--require', join(root, 'tools/bench/peak-rss.cjs'), join(root, 'dist/apps/cli/main.js'), '--config', join(work, 'config'),
      'sync', '--backup-only', '-t', 'tidemark_bench.orders', '--json'],
    { encoding: 'utf8', env: { ...process.env, TIDEMARK_BENCH_RSS_FILE: rssFile }, maxBuffer: 64 << 20 },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) throw new Error(`tidemark failed (${r.status}): ${r.stderr}`);
  const [result] = JSON.parse(r.stdout);
  return { seconds, peakRssMb: Number(readFileSync(rssFile, 'utf8')), rows: result.extract.rows, files: result.extract.files, bytes: result.extract.bytes };
}

const db = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root' });
const results = [];
try {
  for (const rows of sizes) {
    log(`generating ${rows.toLocaleString('en-US')} rows ...`);
    await createTable(db, rows);
    writeConfig();
    log('extracting ...');
    const r = extract();
    if (r.rows !== rows) throw new Error(`extracted ${r.rows} rows, expected ${rows}`);
    results.push({ rows, ...r, rowsPerSecond: Math.round(rows / r.seconds) });
    log(`  ${rows.toLocaleString('en-US')} rows: ${r.seconds.toFixed(1)} s, ${Math.round(rows / r.seconds).toLocaleString('en-US')} rows/s, ${r.files} files, peak RSS ${r.peakRssMb} MiB`);
  }
} finally {
  await db.query('DROP DATABASE IF EXISTS tidemark_bench');
  await db.end();
  rmSync(work, { recursive: true, force: true });
}
const report = {
  benchmark: 'extract-memory',
  date: new Date().toISOString().slice(0, 10),
  machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`,
  results,
  peakRssSpreadMb: Math.max(...results.map((r) => r.peakRssMb)) - Math.min(...results.map((r) => r.peakRssMb)),
};
console.log(flag('json') ? JSON.stringify(report, null, 2) : `peak RSS spread across sizes: ${report.peakRssSpreadMb} MiB`);
