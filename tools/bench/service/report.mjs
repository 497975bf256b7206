// The watermark-service benchmark's figures, the targets, and the printed text.
export const TARGETS = { getsPerSecond: 2000, cyclesPerSecond: 800, p99Ms: 50, rssGrowthMb: 20 };

/** RSS over the run: first and last minute (or third) compared, so a slow leak shows as growth. */
export function rssSummary(samples) {
  const values = samples.map((s) => s.value);
  const part = Math.max(1, Math.min(60, Math.floor(values.length / 3)));
  const mean = (list) => Math.round(list.reduce((a, b) => a + b, 0) / list.length);
  const first = mean(values.slice(0, part));
  const last = mean(values.slice(-part));
  return { samples: values.length, startMb: values[0], endMb: values.at(-1), peakMb: Math.max(...values), minMb: Math.min(...values), firstMeanMb: first, lastMeanMb: last, growthMb: last - first };
}

export function serviceTargets({ gets, cycles, rss }) {
  const t = TARGETS;
  const worstCallP99 = Math.max(...Object.values(cycles.calls).map((c) => c.p99));
  return [
    { name: `GET /watermarks/:pipeline/:table ≥ ${t.getsPerSecond} req/s`, actual: gets.perSecond, pass: gets.perSecond >= t.getsPerSecond },
    { name: `GET p99 < ${t.p99Ms} ms`, actual: gets.latency.p99, pass: gets.latency.p99 < t.p99Ms },
    { name: `lease cycles (acquire → commit that releases) ≥ ${t.cyclesPerSecond}/s`, actual: cycles.perSecond, pass: cycles.perSecond >= t.cyclesPerSecond },
    { name: `p99 of every lease-cycle call < ${t.p99Ms} ms`, actual: worstCallP99, pass: worstCallP99 < t.p99Ms },
    { name: `RSS flat: last minute's mean − first minute's < ${t.rssGrowthMb} MiB`, actual: rss.growthMb, pass: rss.growthMb < t.rssGrowthMb },
  ];
}

const pad = (s, n) => String(s).padEnd(n);
const ms = ({ p50, p99, max }) => `p50 ${p50} ms  p99 ${p99} ms  max ${max} ms`;

export function renderServiceText(r) {
  const lines = [
    `watermark-service benchmark, ${r.date}: ${r.machine.cpus} × ${r.machine.cpuModel}, load before ${r.machine.loadBefore}, after ${r.machine.loadAfter}`,
    `command: ${r.command}`,
    ...(r.server === 'floor' ? ['server: THE FLOOR (tools/bench/service/floor-server.mjs: bare node:http over pg, as many statements per call, nothing else), not the service'] : []),
    ...(r.replicas > 1 ? [`replicas: ${r.replicas} processes over the one store, sent ${r.requestsByReplica.join(' / ')} requests over the whole run; their CPU, RSS and log lines are summed below`] : []),
    `store: PostgreSQL, ${r.tables} tables; ${r.concurrency} requests in flight over keep-alive connections; LOG_LEVEL ${r.logLevel}, TIDEMARK_REQUEST_LOG_SAMPLE ${r.requestLogSample}`,
    '',
    `GET /watermarks/:pipeline/:table   ${r.gets.perSecond} req/s  (${r.gets.requests} in ${r.gets.seconds} s)  ${ms(r.gets.latency)}`,
    `   service CPU ${r.gets.serviceCpuSeconds} s = ${r.gets.serviceCpuMsPerRequest} ms/request; store (its PostgreSQL backends) ${r.gets.storeCpuSeconds} s = ${r.gets.storeCpuMsPerRequest} ms/request; log lines/request ${r.gets.logLinesPerRequest}`,
    `lease cycles                       ${r.cycles.perSecond} cycles/s  (${r.cycles.cycles} in ${r.cycles.seconds} s)`,
    ...Object.entries(r.cycles.calls).map(([call, l]) => `   ${pad(call, 8)} ${ms(l)}`),
    `   service CPU ${r.cycles.serviceCpuSeconds} s = ${r.cycles.serviceCpuMsPerCycle} ms/cycle; store (its PostgreSQL backends) ${r.cycles.storeCpuSeconds} s = ${r.cycles.storeCpuMsPerCycle} ms/cycle; both: ${r.cycles.cpuSecondsPer1000Cycles} CPU-s per 1,000 cycles; the benchmark's own clients ${r.cycles.clientCpuMsPerCycle} ms/cycle; log lines/cycle ${r.cycles.logLinesPerCycle}`,
    `service RSS (MiB, every ${r.rss.everySeconds} s over ${r.rss.samples} samples): start ${r.rss.startMb}, end ${r.rss.endMb}, min ${r.rss.minMb}, peak ${r.rss.peakMb}; first-minute mean ${r.rss.firstMeanMb}, last-minute mean ${r.rss.lastMeanMb}`,
    '',
    'targets:',
    ...r.targets.map((t) => `  ${t.pass ? 'PASS' : 'MISS'}  ${pad(t.name, 66)} ${t.actual}`),
  ];
  return lines.join('\n');
}
