// Figures, ratios to the raw baselines and to the peer (pgloader), the issue's targets, and the printed table.
import { cpus, totalmem } from 'node:os';

/**
 * One measured run. `textBytes` is the size of the rows it moved as
 * tab-separated text (what the raw extract writes), so MB/s means the same
 * for Tidemark and the baselines whatever each writes.
 */
export function measurement({ name, table, rows, textBytes, seconds: measured, cpuSeconds = null, peakRssMb, baseline = null, peer = null, outputBytes = null, note = null }) {
  const seconds = round(measured, 3);
  return {
    name,
    table,
    rows,
    seconds,
    rowsPerSecond: Math.round(rows / seconds),
    mbPerSecond: round(textBytes / 1e6 / seconds, 2),
    cpuSeconds,
    peakRssMb,
    outputBytes,
    baseline,
    ratio: null,
    peer,
    peerRatio: null,
    /** How this run differed from the rest, printed under the table (pgloader run again with less read-ahead). */
    note,
  };
}

const round = (n, digits) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Fills each measurement's ratio and peerRatio: its rows/s divided by its baseline's and its peer's (null when that was not measured). */
export function withRatios(measurements) {
  const byName = new Map(measurements.map((m) => [m.name, m]));
  const to = (m, other) => (byName.has(other) ? round(m.rowsPerSecond / byName.get(other).rowsPerSecond, 3) : null);
  return measurements.map((m) => ({ ...m, ratio: to(m, m.baseline), peerRatio: to(m, m.peer) }));
}

export const RSS_CEILING_MB = 300;
export const FLAT_RSS_SPREAD_MB = 50;
/** Issue 19's incremental target is for 1 % of its 1M-row table. */
export const INCREMENTAL_TARGET_ROWS = 10_000;

const notApplicable = (name, reason) => ({ name, actual: null, pass: null, reason });

/**
 * Issue 19's targets for every size run; a missed target is reported, never
 * fatal. `peer` is what findPgloader found: without pgloader its target is
 * not applicable, with the reason.
 */
export function targets(runs, peer) {
  const out = [];
  const below = (name, limit, actual) => ({ name, actual, pass: actual < limit });
  for (const run of runs) {
    const m = Object.fromEntries(run.measurements.map((x) => [x.name, x]));
    const at = `${run.rows.toLocaleString('en-US')} rows`;
    const ratio = (name, min, what) => ({
      name: `${what} ≥ ${min} × baseline rows/s (${at})`,
      actual: m[name].ratio,
      pass: m[name].ratio >= min,
    });
    const vsPeer = `full sync vs pgloader ≥ 1.5 × pgloader rows/s (${at})`;
    const { peerRatio } = m['tidemark-full-sync'];
    out.push(peer.available ? { name: vsPeer, actual: peerRatio, pass: peerRatio >= 1.5 } : notApplicable(vsPeer, peer.reason));
    out.push(ratio('tidemark-full-sync', 0.5, 'full sync vs raw pipe'));
    out.push(ratio('tidemark-extract-local', 0.4, 'extract to Parquet vs raw extract'));
    const extract = m['tidemark-extract-local'];
    const cpuName = `extract to Parquet ≤ 2.5 Tidemark CPU s per 1M orders rows (${at})`;
    const cpuPerMillion = extract.cpuSeconds === null ? null : round((extract.cpuSeconds * 1e6) / extract.rows, 2);
    out.push(
      cpuPerMillion === null
        ? notApplicable(cpuName, 'CPU seconds need GNU time (/usr/bin/time)')
        : { name: cpuName, actual: cpuPerMillion, pass: cpuPerMillion <= 2.5 },
    );
    out.push(ratio('tidemark-full-sync-wide', 0.5, 'wide full sync vs raw pipe-wide'));
    out.push(below(`Tidemark peak RSS < ${RSS_CEILING_MB} MiB, 40-column wide (${at})`, RSS_CEILING_MB, run.widePeakRssMb));
    out.push(below(`Tidemark peak RSS < ${RSS_CEILING_MB} MiB, every run (${at}; highest: ${run.everyRunPeakRssName})`, RSS_CEILING_MB, run.everyRunPeakRssMb));
    const incremental = m['tidemark-incremental'];
    const incrementalName = `incremental run of 1 % changed rows < 1 s (${at}, ${incremental.rows.toLocaleString('en-US')} changed)`;
    out.push(
      incremental.rows > INCREMENTAL_TARGET_ROWS
        ? notApplicable(incrementalName, `the target is for ${INCREMENTAL_TARGET_ROWS.toLocaleString('en-US')} changed rows (1 % of 1,000,000)`)
        : below(incrementalName, 1, incremental.seconds),
    );
    out.push(below(`nothing changed in ${run.smallTables} tables: whole run < 2 s (${at})`, 2, m['tidemark-nothing-changed'].seconds));
  }
  const flat = `Tidemark peak RSS flat across sizes, every run (spread < ${FLAT_RSS_SPREAD_MB} MiB)`;
  const peaks = runs.map((r) => r.everyRunPeakRssMb);
  out.push(
    runs.length > 1
      ? below(flat, FLAT_RSS_SPREAD_MB, Math.max(...peaks) - Math.min(...peaks))
      : notApplicable(flat, 'needs two sizes, e.g. --rows 1000000,10000000'),
  );
  return out;
}

export function machine() {
  const cpu = cpus();
  return `${cpu.length} vCPU ${cpu[0]?.model.trim() ?? 'unknown'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

const fmt = (n, digits = 0) =>
  n === null || n === undefined ? '–' : n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** The report's line about the peer: its version, or why it is missing. */
export const peerLine = (peer) =>
  peer.available ? `peer: pgloader ${peer.version} (${peer.command})` : `peer: PGLOADER MISSING, its measurements and targets skipped: ${peer.reason}`;

/** The report as text: one table per size, then the targets. */
export function renderText(report) {
  const lines = [`Tidemark vs raw baselines and pgloader, ${report.date}, ${report.machine}`, `command: ${report.command}`, peerLine(report.peer), ''];
  for (const run of report.runs) {
    lines.push(`${fmt(run.rows)} rows (wide table ${fmt(run.wideRows)} rows, ${run.smallTables} small tables of ${fmt(run.smallRows)}); generated in ${fmt(run.generateSeconds, 1)} s`);
    const rows = [['measurement', 'table', 'rows', 'seconds', 'rows/s', 'MB/s', 'CPU s', 'peak RSS MiB', 'vs baseline, peer']];
    for (const m of run.measurements) {
      const vs = [[m.ratio, m.baseline], [m.peerRatio, m.peer]].filter(([r]) => r !== null).map(([r, name]) => `${fmt(r, 2)} × ${name}`).join(', ');
      rows.push([m.name, m.table, fmt(m.rows), fmt(m.seconds, 2), fmt(m.rowsPerSecond), fmt(m.mbPerSecond, 1), fmt(m.cpuSeconds, 2), fmt(m.peakRssMb), vs]);
    }
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    for (const r of rows) lines.push('  ' + r.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ').trimEnd());
    for (const m of run.measurements.filter((x) => x.note)) lines.push(`  note: ${m.name}: ${m.note}`);
    lines.push(`  checks: ${run.checks.length} passed`, '');
  }
  lines.push('targets:');
  for (const t of report.targets) {
    lines.push(`  ${t.pass === null ? 'n/a ' : t.pass ? 'PASS' : 'FAIL'}  ${t.name}: ${t.actual ?? `– (${t.reason})`}`);
  }
  return lines.join('\n');
}
