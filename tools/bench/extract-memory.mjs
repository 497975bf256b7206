#!/usr/bin/env node
// Peak memory of `tidemark sync --backup-only` on tables of different sizes:
// extraction streams, so the peak should not grow with the row count.
//
//   npx nx build cli && node tools/bench/extract-memory.mjs [--rows 2000000,10000000] [--json]
//
// Needs MariaDB on 127.0.0.1:3306 (root) and writes to /tmp/tidemark-bench.
import { rmSync } from 'node:fs';
import { createTable, ORDERS } from './lib/bench-tables.mjs';
import { machine } from './lib/report.mjs';
import { connectMysql } from './lib/servers.mjs';
import { runSync, secretsEnv, writeConfig } from './lib/tidemark-cli.mjs';

const work = '/tmp/tidemark-bench';
const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const sizes = option('rows', '2000000,10000000').split(',').map(Number);
const log = (text) => flag('json') || console.error(text);

async function extract() {
  rmSync(work, { recursive: true, force: true });
  const config = writeConfig(work, 'config', { pipelines: {} });
  const run = await runSync(config, ['--backup-only', '-t', 'tidemark_bench.orders'], { env: secretsEnv() });
  const [{ extract: e }] = run.tables;
  return { seconds: run.seconds, peakRssMb: run.peakRssMb, rows: e.rows, files: e.files, bytes: e.bytes };
}

const db = await connectMysql();
const results = [];
try {
  await db.query('CREATE DATABASE IF NOT EXISTS tidemark_bench');
  for (const rows of sizes) {
    log(`generating ${rows.toLocaleString('en-US')} rows ...`);
    await createTable(db, 'tidemark_bench', 'orders', ORDERS, rows);
    log('extracting ...');
    const r = await extract();
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
  machine: machine(),
  results,
  peakRssSpreadMb: Math.max(...results.map((r) => r.peakRssMb)) - Math.min(...results.map((r) => r.peakRssMb)),
};
console.log(flag('json') ? JSON.stringify(report, null, 2) : `peak RSS spread across sizes: ${report.peakRssSpreadMb} MiB`);
