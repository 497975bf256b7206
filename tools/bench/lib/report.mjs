// Figures, ratios to the raw baselines, the targets, and the printed table.
import { cpus, totalmem } from 'node:os';

/**
 * One measured run. `textBytes` is the size of the rows it moved as
 * tab-separated text (what the raw extract writes), so MB/s means the same
 * for Tidemark and the baselines whatever each writes.
 */
export function measurement({ name, table, rows, textBytes, seconds: measured, cpuSeconds = null, peakRssMb, baseline = null, outputBytes = null }) {
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
  };
}

const round = (n, digits) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Fills each measurement's ratio: its rows/s divided by its baseline's. */
export function withRatios(measurements) {
  const byName = new Map(measurements.map((m) => [m.name, m]));
  return measurements.map((m) => {
    const base = m.baseline && byName.get(m.baseline);
    return base ? { ...m, ratio: round(m.rowsPerSecond / base.rowsPerSecond, 3) } : m;
  });
}

export const FLAT_RSS_SPREAD_MB = 50;

/** The targets for every size run; a missed target is reported, never fatal. */
export function targets(runs) {
  const out = [];
  for (const run of runs) {
    const m = Object.fromEntries(run.measurements.map((x) => [x.name, x]));
    const at = `${run.rows.toLocaleString('en-US')} rows`;
    const ratio = (name, min, what) => ({
      name: `${what} ≥ ${min} × baseline rows/s (${at})`,
      actual: m[name].ratio,
      pass: m[name].ratio >= min,
    });
    out.push(ratio('tidemark-full-sync', 0.5, 'full sync vs raw pipe'));
    out.push(ratio('tidemark-extract-local', 0.4, 'extract to Parquet vs raw extract'));
    const nothing = m['tidemark-nothing-changed'];
    out.push({ name: `nothing changed in ${run.smallTables} tables: whole run < 5 s (${at})`, actual: nothing.seconds, pass: nothing.seconds < 5 });
    out.push({ name: `Tidemark peak RSS < 300 MiB, orders (${at})`, actual: run.tidemarkPeakRssMb, pass: run.tidemarkPeakRssMb < 300 });
    out.push({ name: `Tidemark peak RSS < 300 MiB, 40-column wide (${at}; beyond the issue's table)`, actual: run.widePeakRssMb, pass: run.widePeakRssMb < 300 });
  }
  const peaks = runs.map((r) => r.tidemarkPeakRssMb);
  const spread = Math.max(...peaks) - Math.min(...peaks);
  out.push(
    runs.length > 1
      ? { name: `Tidemark peak RSS flat across sizes, orders (spread < ${FLAT_RSS_SPREAD_MB} MiB)`, actual: spread, pass: spread < FLAT_RSS_SPREAD_MB }
      : { name: 'Tidemark peak RSS flat across sizes, orders (needs two sizes, e.g. --rows 1000000,10000000)', actual: null, pass: null },
  );
  return out;
}

export function machine() {
  const cpu = cpus();
  return `${cpu.length} vCPU ${cpu[0]?.model.trim() ?? 'unknown'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

const fmt = (n, digits = 0) =>
  n === null || n === undefined ? '–' : n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** The report as text: one table per size, then the targets. */
export function renderText(report) {
  const lines = [`Tidemark vs raw baselines, ${report.date}, ${report.machine}`, `command: ${report.command}`, ''];
  for (const run of report.runs) {
    lines.push(`${fmt(run.rows)} rows (wide table ${fmt(run.wideRows)} rows, ${run.smallTables} small tables of ${fmt(run.smallRows)}); generated in ${fmt(run.generateSeconds, 1)} s`);
    const rows = [['measurement', 'table', 'rows', 'seconds', 'rows/s', 'MB/s', 'CPU s', 'peak RSS MiB', 'vs baseline']];
    for (const m of run.measurements) {
      const vs = m.ratio === null ? '' : `${fmt(m.ratio, 2)} × ${m.baseline}`;
      rows.push([m.name, m.table, fmt(m.rows), fmt(m.seconds, 2), fmt(m.rowsPerSecond), fmt(m.mbPerSecond, 1), fmt(m.cpuSeconds, 2), fmt(m.peakRssMb), vs]);
    }
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    for (const r of rows) lines.push('  ' + r.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ').trimEnd());
    lines.push(`  checks: ${run.checks.length} passed`, '');
  }
  lines.push('targets:');
  for (const t of report.targets) lines.push(`  ${t.pass === null ? 'n/a ' : t.pass ? 'PASS' : 'FAIL'}  ${t.name}: ${t.actual ?? '–'}`);
  return lines.join('\n');
}
