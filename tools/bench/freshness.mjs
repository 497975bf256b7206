#!/usr/bin/env node
// Freshness benchmark of continuous mode (issue 20): a binlog table and a
// cursor table, each changed ~1,000 rows a second, copied by the built
// extractor and loader services in continuous mode into PostgreSQL; how long
// after its commit each inserted row is queryable (p50/p99; goals p99 < 15 s
// binlog, < 60 s cursor), then binlog capture throughput (rows/s, CPU-s) of
// one extract run over a backlog. A benchmark, not a test: it reports.
//
//   node tools/bench/freshness.mjs [--seconds 60] [--rate 1000] [--json]   (--help for all options)
//
// Needs the installed mariadbd (a private server with a ROW binlog is
// started), PostgreSQL and S3 as for the tests (source /tmp/s3env.sh or let
// the test global setup start S3); it builds the apps as the test setup
// does. Exit 0 when every row arrived (missed goals are only
// reported), 1 otherwise, 2 for a bad option.
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import mysql from 'mysql2/promise';
import { optionsOrExit, progressLog } from './lib/command-line.mjs';
import { BenchBucket } from './lib/s3-bucket.mjs';
import { connectPostgres, ensureServers } from './lib/servers.mjs';
import { ROOT, runSync, secretsEnv, writeConfig } from './lib/tidemark-cli.mjs';
import { startBinlogMariadb } from './freshness/binlog-mariadb.mjs';
import { ChangeWriter, percentile, Visibility } from './freshness/change-writer.mjs';

const USAGE = `usage: node tools/bench/freshness.mjs [options]

  --seconds N          how long the writers write (default 60)
  --rate N             row changes per second into EACH table (default 1000)
  --seed-rows N        rows per table before the writers start (default 100000)
  --interval N         continuous intervalSeconds of both pipelines (default 2)
  --backlog-rows N     rows inserted and then updated for the throughput run (default 200000)
  --json               print the report as JSON on stdout (progress goes to stderr)`;

const o = optionsOrExit((argv) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      seconds: { type: 'string', default: '60' },
      rate: { type: 'string', default: '1000' },
      'seed-rows': { type: 'string', default: '100000' },
      interval: { type: 'string', default: '2' },
      'backlog-rows': { type: 'string', default: '200000' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  const positive = (name) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive whole number, not "${values[name]}"`);
    return n;
  };
  return {
    help: values.help, json: values.json,
    seconds: positive('seconds'), rate: positive('rate'), seedRows: positive('seed-rows'),
    interval: positive('interval'), backlogRows: positive('backlog-rows'),
  };
}, USAGE);
const log = progressLog();
const round = (n, digits = 2) => (n === null ? null : Math.round(n * 10 ** digits) / 10 ** digits);
const DATABASE = 'h_cdc_freshness';
const TABLES = { binlog: 'binlog_items', cursor: 'cursor_items' };
const GOALS = { binlog: 15, cursor: 60 };
const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** A built service (extractor or loader) on a free port, its log in a file. */
async function startService(app, env, workDir) {
  const logFile = join(workDir, `${app}.log`);
  const out = openSync(logFile, 'a');
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const child = spawn(process.execPath, [join(ROOT, `dist/apps/${app}/main.js`)], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(200)) {
    if (child.exitCode !== null) break;
    if (await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false)) {
      const cpuSeconds = () => {
        const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
        return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
      };
      const stop = async () => {
        if (child.exitCode !== null) return;
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      };
      return { app, cpuSeconds, stop };
    }
  }
  child.kill('SIGKILL');
  throw new Error(`${app} did not answer within 60 s:\n${readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n')}`);
}

async function waitFor(condition, seconds) {
  for (const deadline = Date.now() + seconds * 1000; Date.now() < deadline; await sleep(500)) if (await condition()) return true;
  return condition();
}

async function main() {
  const s3 = await ensureServers();
  const workDir = mkdtempSync(join(tmpdir(), 'bench-freshness-'));
  const cleanup = [() => rmSync(workDir, { recursive: true, force: true })];
  try {
    log('starting a private MariaDB with a ROW binlog');
    const server = await startBinlogMariadb();
    cleanup.unshift(server.stop);
    const db = await mysql.createConnection({ host: '127.0.0.1', port: server.port, user: 'root', charset: 'utf8mb4' });
    cleanup.unshift(() => db.end());
    await db.query(`CREATE DATABASE ${DATABASE}`);
    await db.query(`USE ${DATABASE}`);
    for (const table of Object.values(TABLES)) {
      await db.query(`CREATE TABLE ${table} (id INT PRIMARY KEY, note VARCHAR(40), amount DECIMAL(12,2), updated_at DATETIME(6) NOT NULL, KEY (updated_at))`);
      await db.query(`INSERT INTO ${table} SELECT seq, CONCAT('seed ', seq), seq / 100, NOW(6) FROM seq_1_to_${o.seedRows}`);
    }
    const pg = await connectPostgres();
    cleanup.unshift(async () => { await pg.query(`DROP SCHEMA IF EXISTS "${DATABASE}" CASCADE`); await pg.end(); });
    const bucketName = `h-cdc-freshness-${Date.now()}`;
    const bucket = await BenchBucket.create(s3, bucketName);
    cleanup.unshift(() => bucket.remove());
    const continuous = { intervalSeconds: o.interval };
    const config = writeConfig(workDir, 'config', {
      s3: { ...s3, bucket: bucketName },
      mysqlPort: server.port,
      pipelines: {
        binlog: { continuous, tables: { [`${DATABASE}.${TABLES.binlog}`]: { strategy: 'binlog', batchSize: 50_000 } } },
        cursor: { continuous: { ...continuous, maxBufferedRows: o.rate * o.interval }, tables: { [`${DATABASE}.${TABLES.cursor}`]: { batchSize: 50_000 } } },
      },
    });
    const env = { TIDEMARK_CONFIG: config, ...secretsEnv(s3), BENCH_MYSQL_PASSWORD: '' };
    const services = [await startService('extractor', env, workDir), await startService('loader', env, workDir)];
    cleanup.unshift(() => Promise.all(services.map((s) => s.stop())));

    log(`initial snapshot of ${o.seedRows} rows per table`);
    const warehouseRows = async (table) => Number((await pg.query(`SELECT COUNT(*) AS n FROM "${DATABASE}"."${table}"`).catch(() => ({ rows: [{ n: 0 }] }))).rows[0].n);
    const snapshotted = await waitFor(async () => (await warehouseRows(TABLES.binlog)) === o.seedRows && (await warehouseRows(TABLES.cursor)) === o.seedRows, 300);
    if (!snapshotted) throw new Error('the initial snapshots did not arrive within 300 s');

    log(`writing ${o.rate} row changes/s into each table for ${o.seconds} s`);
    const writers = {
      binlog: new ChangeWriter(db, TABLES.binlog, { rate: o.rate, firstId: o.seedRows + 1, share: { inserts: 0.5, updates: 0.3, deletes: 0.2 } }),
      // A cursor strategy cannot see deletes: inserts and updates only.
      cursor: new ChangeWriter(await mysql.createConnection({ host: '127.0.0.1', port: server.port, user: 'root', database: DATABASE }), TABLES.cursor, { rate: o.rate, firstId: o.seedRows + 1, share: { inserts: 0.5, updates: 0.5, deletes: 0 } }),
    };
    cleanup.unshift(() => writers.cursor.db.end());
    const seen = Object.fromEntries(Object.entries(writers).map(([kind, w]) => [kind, new Visibility(pg, DATABASE, TABLES[kind], w)]));
    const cpuBefore = services.map((s) => s.cpuSeconds());
    const began = Date.now();
    for (const w of Object.values(writers)) w.start();
    await sleep(o.seconds * 1000);
    await Promise.all(Object.values(writers).map((w) => w.stop()));
    const writeSeconds = (Date.now() - began) / 1000;
    const arrived = await waitFor(() => Object.values(seen).every((v) => v.allSeen()), 120);
    const cpuDuring = services.map((s, i) => ({ service: s.app, cpuSeconds: round(s.cpuSeconds() - cpuBefore[i]) }));
    for (const v of Object.values(seen)) v.stop();
    const freshness = Object.fromEntries(
      Object.entries(seen).map(([kind, v]) => {
        const delays = v.delays();
        const p99 = percentile(delays, 99);
        return [kind, {
          changesPerSecond: round(writers[kind].changes / writeSeconds, 0), inserted: writers[kind].committedAt.size, seen: delays.length,
          p50Seconds: round(percentile(delays, 50)), p99Seconds: round(p99), maxSeconds: round(Math.max(...delays)),
          goalP99Seconds: GOALS[kind], met: p99 !== null && p99 < GOALS[kind],
        }];
      }),
    );

    log(`binlog capture throughput: a backlog of ${o.backlogRows} inserts + ${o.backlogRows} updates, one extract run`);
    await Promise.all(services.map((s) => s.stop()));
    const first = writers.binlog.next;
    for (let done = 0; done < o.backlogRows; done += 10_000) {
      const n = Math.min(10_000, o.backlogRows - done);
      await db.query(`INSERT INTO ${TABLES.binlog} SELECT ${first + done} + seq, CONCAT('backlog ', seq), seq / 100, NOW(6) FROM seq_1_to_${n}`);
      await db.query(`UPDATE ${TABLES.binlog} SET amount = amount + 1 WHERE id > ? AND id <= ?`, [first + done, first + done + n]);
    }
    const run = await runSync(config, ['-p', 'binlog', '--backup-only'], { env });
    const changes = 2 * o.backlogRows;
    const throughput = {
      rowChanges: changes, extractedRows: run.report.totals.rowsExtracted, seconds: round(run.seconds), cpuSeconds: run.cpuSeconds,
      rowsPerSecond: round(changes / run.seconds, 0), rowsPerCpuSecond: run.cpuSeconds ? round(changes / run.cpuSeconds, 0) : null, peakRssMb: run.peakRssMb,
    };

    const report = {
      machine: { cpus: cpus().length, loadAverage: loadavg().map((l) => round(l)) },
      options: o, freshness, allRowsArrived: arrived, serviceCpuSecondsDuringWrites: cpuDuring, binlogThroughput: throughput,
    };
    if (o.json) console.log(JSON.stringify(report, null, 2));
    else console.log(renderText(report));
    return arrived ? 0 : 1;
  } finally {
    for (const step of cleanup) await Promise.resolve().then(step).catch((e) => log(`cleanup: ${e.message}`));
  }
}

function renderText(r) {
  const f = (kind) => {
    const x = r.freshness[kind];
    return `  ${kind.padEnd(7)} ${String(x.changesPerSecond).padStart(5)} changes/s  p50 ${x.p50Seconds} s  p99 ${x.p99Seconds} s  max ${x.maxSeconds} s  (goal p99 < ${x.goalP99Seconds} s: ${x.met ? 'met' : 'MISSED'}; ${x.seen}/${x.inserted} inserted rows seen)`;
  };
  const t = r.binlogThroughput;
  return [
    `Freshness (commit -> queryable in PostgreSQL, polled every 250 ms), continuous interval ${r.options.interval} s, ${r.options.seconds} s of writes:`,
    f('binlog'),
    f('cursor'),
    `  service CPU during the writes: ${r.serviceCpuSecondsDuringWrites.map((s) => `${s.service} ${s.cpuSeconds} CPU-s`).join(', ')}`,
    `Binlog capture throughput (one --backup-only run over ${t.rowChanges} row changes, ${t.extractedRows} rows written to files): ${t.rowsPerSecond} rows/s, ${t.cpuSeconds} CPU-s (${t.rowsPerCpuSecond} rows per CPU-s), ${t.seconds} s, peak RSS ${t.peakRssMb} MB`,
    `Machine: ${r.machine.cpus} CPUs, load average ${r.machine.loadAverage.join(' ')}`,
  ].join('\n');
}

process.exitCode = await main().catch((error) => {
  console.error(`bench: ${error.stack ?? error.message}`);
  return 1;
});
