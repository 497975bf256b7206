import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import { join, resolve } from 'node:path';
import { buildApps, uniqueName } from '@tidemark/testing';

// The watermark-service benchmark end to end, short: the built service over a
// real PostgreSQL store. Times are too noisy to assert; this proves every
// figure is measured and every target reported.

const ROOT = resolve(__dirname, '../..');
const SCRIPT = join(ROOT, 'tools/bench/watermark-service.mjs');
const LIMIT_MS = 180_000;

interface Latency {
  p50: number;
  p99: number;
  max: number;
}

interface ServiceBenchReport {
  tables: number;
  gets: {
    requests: number;
    perSecond: number;
    latency: Latency;
    serviceCpuMsPerRequest: number;
    storeCpuMsPerRequest: number;
    logLinesPerRequest: number;
  };
  cycles: {
    cycles: number;
    perSecond: number;
    calls: Record<string, Latency>;
    serviceCpuMsPerCycle: number;
    storeCpuMsPerCycle: number;
    clientCpuMsPerCycle: number;
    logLinesPerCycle: number;
  };
  rss: { samples: number; peakMb: number; growthMb: number };
  targets: { name: string; actual: number; pass: boolean }[];
  replicas: number;
  requestsByReplica: number[];
}

/**
 * A short run (40 tables, 4 in flight, 4 s) of the built service, with a
 * schema of its own and ports from `port`, in the helpers' range, so a
 * second checkout's run does not collide.
 */
function runBench(port: number, options: string[]): { run: SpawnSyncReturns<string>; report: ServiceBenchReport } {
  buildApps('watermark-service');
  const args = ['--duration', '4', '--tables', '40', '--concurrency', '4', '--json', ...options];
  args.push('--port', String(port), '--schema', uniqueName('service_bench'));
  const run = spawnSync(process.execPath, [SCRIPT, ...args], { cwd: ROOT, encoding: 'utf8', timeout: LIMIT_MS });
  return { run, report: JSON.parse(run.stdout || 'null') };
}

describe('node tools/bench/watermark-service.mjs (built service, real PostgreSQL)', () => {
  let run: SpawnSyncReturns<string>;
  let report: ServiceBenchReport;

  beforeAll(() => {
    ({ run, report } = runBench(39150 + (process.pid % 40), ['--log-sample', '0']));
  }, LIMIT_MS + 60_000);

  it('exits 0: every request answered as the client expects', () => {
    expect(run.stderr).not.toContain('FAILED');
    expect(run.status).toBe(0);
    expect(report.tables).toBe(40);
  });

  it('measures GETs and whole lease cycles, with p50/p99 of each call', () => {
    expect(report.gets.requests).toBeGreaterThan(0);
    expect(report.gets.latency.p99).toBeGreaterThanOrEqual(report.gets.latency.p50);
    expect(report.cycles.cycles).toBeGreaterThan(0);
    expect(Object.keys(report.cycles.calls)).toEqual(['acquire', 'commit', 'cycle']);
    expect(report.gets.serviceCpuMsPerRequest).toBeGreaterThan(0);
    expect(report.cycles.serviceCpuMsPerCycle).toBeGreaterThan(0);
  });

  it("measures the CPU of the store's PostgreSQL backends too: a cycle's statements cost PostgreSQL CPU on the same cores", () => {
    expect(report.cycles.storeCpuMsPerCycle).toBeGreaterThan(0);
    expect(report.gets.storeCpuMsPerRequest).toBeGreaterThanOrEqual(0);
  });

  it("measures the benchmark's own client CPU per cycle: it shares the two cores too", () => {
    expect(report.cycles.clientCpuMsPerCycle).toBeGreaterThan(0);
  });

  it('passes TIDEMARK_REQUEST_LOG_SAMPLE to the service: with 0, no line for a successful request', () => {
    expect(report.gets.logLinesPerRequest).toBe(0);
    expect(report.cycles.logLinesPerCycle).toBe(0);
  });

  it('samples RSS over the run and reports every target', () => {
    expect(report.rss.samples).toBeGreaterThanOrEqual(4);
    expect(report.rss.peakMb).toBeGreaterThan(0);
    expect(report.targets.map((t) => t.name)).toEqual([
      expect.stringContaining('GET /watermarks/:pipeline/:table ≥ 2000 req/s'),
      expect.stringContaining('GET p99 < 50 ms'),
      expect.stringContaining('lease cycles (acquire → commit that releases) ≥ 800/s'),
      expect.stringContaining('p99 of every lease-cycle call < 50 ms'),
      expect.stringContaining('RSS flat'),
    ]);
  });
});

describe('node tools/bench/watermark-service.mjs --replicas 2: the service as two processes over one store', () => {
  let run: SpawnSyncReturns<string>;
  let report: ServiceBenchReport;

  beforeAll(() => {
    ({ run, report } = runBench(39200 + 2 * (process.pid % 10), ['--replicas', '2']));
  }, LIMIT_MS + 60_000);

  it('starts both at the same moment on the new store, and every request through either is answered as the client expects', () => {
    expect(run.stderr).not.toContain('FAILED');
    expect(run.status).toBe(0);
    expect(report.replicas).toBe(2);
  });

  it('spreads the clients evenly: each process is sent between a third and two thirds of the requests', () => {
    const [a, b] = report.requestsByReplica;
    const total = a + b;
    // Seeding (two calls a table), the warm-up, then the measured GETs and cycles.
    expect(total).toBeGreaterThan(2 * report.tables + report.gets.requests + 2 * report.cycles.cycles);
    expect(a / total).toBeGreaterThan(1 / 3);
    expect(b / total).toBeGreaterThan(1 / 3);
  });
});
