#!/usr/bin/env node
// End-to-end benchmark: Tidemark's built CLI against the raw `mariadb` and
// `mariadb | psql` baselines and against pgloader (the peer) on the same
// generated data. See BENCHMARKS.md.
//
//   npm run bench -- [--rows 1000000[,10000000]] [--quick] [--json]   (--help for all options)
//
// Needs MariaDB on 127.0.0.1:3306 and PostgreSQL on 127.0.0.1:5432 (as for
// the tests), the `mariadb` and `psql` clients, and starts the S3 test server.
// Without pgloader it warns and skips only the pgloader lines and targets.
// Exit code 0 when every correctness check passed (missed targets are only
// reported), 1 when a check or a step failed, 2 for a bad option.
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { benchmarkSize, dropBenchData } from './lib/benchmark-size.mjs';
import { CheckFailed } from './lib/checks.mjs';
import { benchOptions, USAGE } from './lib/options.mjs';
import { findPgloader } from './lib/pgloader.mjs';
import { machine, peerLine, renderText, targets } from './lib/report.mjs';
import { connectMysql, connectPostgres, ensureServers } from './lib/servers.mjs';
import { stopMeasuredProcesses } from './lib/process-tree.mjs';
import { buildCli } from './lib/tidemark-cli.mjs';
import { optionsOrExit, progressLog } from './lib/command-line.mjs';

const o = optionsOrExit(benchOptions, USAGE);
const log = progressLog();

// Stopped (Ctrl-C, a CI timeout): end the measured process, then clean up as after a failure.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    log(`${signal}: stopping`);
    stopMeasuredProcesses(signal);
  });
}

// Said at the start and again after the report, so it is not lost in the progress lines.
function warnMissing(peer) {
  if (!peer.available) console.error(`bench: WARNING: ${peerLine(peer)}`);
}

async function main(peer) {
  log('checking servers, starting the S3 server if needed ...');
  const s3 = await ensureServers();
  if (o.build) {
    log('building the CLI (npx nx build cli) ...');
    buildCli();
  }
  const ctx = { db: await connectMysql(), pg: await connectPostgres(), o, s3, peer, work: join(tmpdir(), `${o.database}-work`), log };
  try {
    const runs = [];
    for (const rows of o.sizes) runs.push(await benchmarkSize(ctx, rows));
    return {
      benchmark: 'tidemark-vs-raw',
      date: new Date().toISOString().slice(0, 10),
      machine: machine(),
      command: ['npm run bench --', ...process.argv.slice(2)].join(' '),
      peer,
      runs,
      targets: targets(runs, peer),
    };
  } finally {
    if (!o.keep) await dropBenchData(ctx);
    await ctx.db.end();
    await ctx.pg.end();
  }
}

const peer = findPgloader(o.pgloader);
warnMissing(peer);
try {
  const report = await main(peer);
  console.log(o.json ? JSON.stringify(report, null, 2) : renderText(report));
  warnMissing(peer);
} catch (error) {
  console.error(error instanceof CheckFailed ? `bench: FAILED: ${error.message}` : `bench: FAILED: ${error.stack ?? error}`);
  process.exit(1);
}
