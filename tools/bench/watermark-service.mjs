#!/usr/bin/env node
// Benchmark of the watermark service at scale (issue 19): the built service
// over a PostgreSQL store of 1,000 tables, measured with keep-alive clients.
// See BENCHMARKS.md, "Watermark service".
//
//   node tools/bench/watermark-service.mjs [--duration 300] [--json]   (--help for all options)
//
// Needs PostgreSQL on 127.0.0.1:5432 (TIDEMARK_TEST_POSTGRES_URL, as for the
// tests) and the built service (--build builds it). Exit code 0 when every
// request succeeded (missed targets are only reported), 1 when one failed,
// 2 for a bad option.
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { connectPostgres, POSTGRES_URL } from './lib/servers.mjs';
import { closedLoop } from './service/closed-loop.mjs';
import { ReplicaClients } from './service/http-client.mjs';
import { Latencies } from './service/latencies.mjs';
import { CYCLE_CALLS, getWatermark, leaseCycle, tableName } from './service/lease-cycle.mjs';
import { serviceBenchOptions, USAGE } from './service/options.mjs';
import { renderServiceText, rssSummary, serviceTargets } from './service/report.mjs';
import { FLOOR_MAIN, sampleEvery, writeStoreConfig } from './service/service-process.mjs';
import { ServiceReplicas } from './service/service-replicas.mjs';
import { storeBackendsCpu, storeCpuSecondsSince } from './service/store-cpu.mjs';
import { optionsOrExit, progressLog } from './lib/command-line.mjs';

const o = optionsOrExit(serviceBenchOptions, USAGE);
const log = progressLog();
const round = (n, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const RSS_EVERY_SECONDS = 1;
const WARM_UP_SECONDS = 3;

/** Each table's next cycle number: its cursor only moves forward. */
const cyclesOf = new Map();
const nextCycle = (table) => {
  const n = cyclesOf.get(table) ?? 0;
  cyclesOf.set(table, n + 1);
  return n;
};

/** One lease cycle on every table, so the store holds `tables` watermarks, manifests and leases. */
async function seed(clients) {
  let next = 0;
  await Promise.all(
    Array.from({ length: o.concurrency }, async (_, worker) => {
      for (let i = next++; i < o.tables; i = next++) {
        const table = tableName(i);
        await leaseCycle(clients.of(worker), table, nextCycle(table), 'bench-seed');
      }
    }),
  );
}

async function measureGets(clients, service, pg) {
  const latency = new Latencies();
  const storeCpu = await storeBackendsCpu(pg, service.pids);
  const cpu = service.cpuSeconds();
  const lines = service.logLines();
  const { done, seconds } = await closedLoop({
    workers: o.concurrency,
    seconds: o.durationSeconds / 2,
    operation: async (worker, i) => {
      const t = performance.now();
      await getWatermark(clients.of(worker), tableName((worker * 7919 + i * 31) % o.tables));
      latency.add(performance.now() - t);
    },
  });
  const serviceCpu = service.cpuSeconds() - cpu;
  const storeCpuSeconds = await storeCpuSecondsSince(pg, service.pids, storeCpu);
  return {
    requests: done,
    seconds: round(seconds),
    perSecond: Math.round(done / seconds),
    latency: latency.summary(),
    serviceCpuSeconds: round(serviceCpu),
    serviceCpuMsPerRequest: round((serviceCpu * 1000) / done, 3),
    storeCpuSeconds: round(storeCpuSeconds),
    storeCpuMsPerRequest: round((storeCpuSeconds * 1000) / done, 3),
    logLinesPerRequest: round((service.logLines() - lines) / done, 3),
  };
}

/** This process's CPU seconds (the benchmark's clients) since `start` (a process.cpuUsage()). */
const clientCpuSeconds = (start) => {
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1e6;
};

/** Client w leases tables w, w + C, w + 2C … (C clients), so no two clients contend for a lease. */
async function measureCycles(clients, service, pg) {
  const calls = Object.fromEntries([...CYCLE_CALLS, 'cycle'].map((call) => [call, new Latencies()]));
  const record = (call, ms) => calls[call].add(ms);
  const own = Math.floor(o.tables / o.concurrency);
  const storeCpu = await storeBackendsCpu(pg, service.pids);
  const cpu = service.cpuSeconds();
  const lines = service.logLines();
  const client0 = process.cpuUsage();
  const { done, seconds } = await closedLoop({
    workers: o.concurrency,
    seconds: o.durationSeconds / 2,
    operation: async (worker, i) => {
      const table = tableName(worker + (i % own) * o.concurrency);
      const t = performance.now();
      await leaseCycle(clients.of(worker), table, nextCycle(table), `bench-w${worker}`, record);
      calls.cycle.add(performance.now() - t);
    },
  });
  const clientCpu = clientCpuSeconds(client0);
  const serviceCpu = service.cpuSeconds() - cpu;
  const storeCpuSeconds = await storeCpuSecondsSince(pg, service.pids, storeCpu);
  return {
    cycles: done,
    seconds: round(seconds),
    perSecond: Math.round(done / seconds),
    calls: Object.fromEntries(Object.entries(calls).map(([call, l]) => [call, l.summary()])),
    serviceCpuSeconds: round(serviceCpu),
    serviceCpuMsPerCycle: round((serviceCpu * 1000) / done, 3),
    storeCpuSeconds: round(storeCpuSeconds),
    storeCpuMsPerCycle: round((storeCpuSeconds * 1000) / done, 3),
    cpuSecondsPer1000Cycles: round(((serviceCpu + storeCpuSeconds) * 1000) / done, 2),
    clientCpuMsPerCycle: round((clientCpu * 1000) / done, 3),
    logLinesPerCycle: round((service.logLines() - lines) / done, 3),
  };
}

async function main() {
  if (o.build) {
    log('building the service (npx nx build watermark-service) ...');
    execFileSync('npx', ['nx', 'build', 'watermark-service', '--outputStyle=static'], { stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false' } });
  }
  const pg = await connectPostgres();
  const work = join(tmpdir(), `service-bench-${process.pid}`);
  const token = randomBytes(24).toString('base64url');
  const loadBefore = loadavg().map((n) => n.toFixed(2)).join(' ');
  await pg.query(`DROP SCHEMA IF EXISTS ${o.schema} CASCADE`);
  await pg.query(`CREATE SCHEMA ${o.schema}`);
  writeStoreConfig(join(work, 'config'), POSTGRES_URL, o.schema);
  const ports = o.replicas === 1 ? `port ${o.port}` : `ports ${o.port}–${o.port + o.replicas - 1}`;
  log(`starting ${o.floor ? 'the floor server' : 'the service'}${o.replicas === 1 ? '' : ` as ${o.replicas} processes`} on ${ports} ...`);
  const server = o.floor ? { main: FLOOR_MAIN, extraEnv: { FLOOR_POSTGRES_URL: POSTGRES_URL, FLOOR_SCHEMA: o.schema } } : {};
  const service = await ServiceReplicas.start(o.replicas, { ...server, configDir: join(work, 'config'), port: o.port, token, logFile: join(work, 'service.log'), logLevel: o.logLevel, logSample: o.logSample, cpuProfileDir: o.cpuProfileDir });
  const clients = new ReplicaClients(service.urls, token, o.concurrency);
  try {
    log(`seeding ${o.tables} tables (one lease cycle each) ...`);
    await seed(clients);
    log(`warming up for ${WARM_UP_SECONDS} s ...`);
    await closedLoop({ workers: o.concurrency, seconds: WARM_UP_SECONDS, operation: (w, i) => getWatermark(clients.of(w), tableName((w + i) % o.tables)) });
    const rss = sampleEvery(RSS_EVERY_SECONDS * 1000, () => service.rssMb());
    log(`GET /watermarks/:pipeline/:table for ${o.durationSeconds / 2} s ...`);
    const gets = await measureGets(clients, service, pg);
    log(`lease cycles for ${o.durationSeconds / 2} s ...`);
    const cycles = await measureCycles(clients, service, pg);
    const rssFigures = { everySeconds: RSS_EVERY_SECONDS, ...rssSummary(rss.stop()) };
    const report = {
      benchmark: 'watermark-service',
      date: new Date().toISOString().slice(0, 10),
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model.trim(), loadBefore, loadAfter: loadavg().map((n) => n.toFixed(2)).join(' ') },
      command: ['node tools/bench/watermark-service.mjs', ...process.argv.slice(2)].join(' '),
      server: o.floor ? 'floor' : 'service',
      replicas: o.replicas,
      requestsByReplica: clients.sent,
      tables: o.tables,
      concurrency: o.concurrency,
      logLevel: o.logLevel ?? 'default',
      requestLogSample: o.logSample ?? 'default',
      gets,
      cycles,
      rss: rssFigures,
    };
    return { ...report, targets: serviceTargets(report) };
  } finally {
    clients.close();
    await service.stop();
    if (!o.keep) await pg.query(`DROP SCHEMA IF EXISTS ${o.schema} CASCADE`);
    await pg.end();
    rmSync(work, { recursive: true, force: true });
  }
}

try {
  const report = await main();
  console.log(o.json ? JSON.stringify(report, null, 2) : renderServiceText(report));
} catch (error) {
  console.error(`bench: FAILED: ${error.stack ?? error}`);
  process.exit(1);
}
