import { describeVerification, settled } from '@tidemark/verify';
import { formatBytes, formatCount } from './format';
import { RunReport, TableReport } from './run-report';

/** What moved for one table, one line per stage that finished. */
function movedLines(t: TableReport): string[] {
  const lines: string[] = [];
  if (t.extract) {
    const e = t.extract;
    const changed = e.unstorableChanged ? `, ${formatCount(e.unstorableChanged)} unstorable text value(s) changed` : '';
    lines.push(
      `${t.table}: extracted ${formatCount(e.rows)} rows into ${e.files} file(s), ${formatBytes(e.bytes)}, in ${e.seconds.toFixed(1)} s${changed}`,
    );
    if (e.futureRows) {
      lines.push(
        `${t.table}: ${formatCount(e.futureRows)} row(s) dated after the source's clock; the cursor stays at the clock (docs/extraction.md, "Future-dated rows")`,
      );
    }
  }
  if (t.load) {
    const l = t.load;
    const reconciled = l.manifestsReconciled
      ? ` (${l.manifestsReconciled} already in the warehouse ledger, only reported)`
      : '';
    const verb = l.reloaded ? 'rebuilt from the object store:' : 'loaded';
    lines.push(
      `${t.table}: ${verb} ${formatCount(l.rowsStaged)} rows from ${l.manifestsLoaded} manifest(s) into ${l.target} in ${l.seconds.toFixed(1)} s${reconciled}`,
    );
  }
  return lines;
}

const count = (value: number | undefined) => (value === undefined ? '-' : formatCount(value));

/** TABLE / STATUS / EXTRACTED / FILES / LOADED / SECONDS, a row per table and a total row. */
function summaryTable(r: RunReport): string {
  const header = ['TABLE', 'STATUS', 'EXTRACTED', 'FILES', 'LOADED', 'SECONDS'];
  const rows = r.tables.map((t) => [
    t.table,
    t.error ? `${t.status} (${t.error.stage})` : t.status,
    count(t.extract?.rows),
    count(t.extract?.files),
    count(t.load?.rowsStaged),
    t.seconds.toFixed(1),
  ]);
  const s = r.totals;
  rows.push([
    'total',
    `${s.succeeded} of ${s.tables} succeeded`,
    formatCount(s.rowsExtracted),
    formatCount(s.filesWritten),
    formatCount(s.rowsLoaded),
    r.seconds.toFixed(1),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const numeric = (i: number) => i >= 2;
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, i) => (numeric(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** `--verify-data`: each table's comparison, as `tidemark verify` prints it. */
function verificationLines(r: RunReport): string[] {
  const compared = (r.verification ?? []).flatMap((v) => (v.result ? [describeVerification(v.result)] : []));
  return compared.length ? ['', ...compared] : [];
}

function runStatus(r: RunReport): string {
  const failed = r.totals.tables - r.totals.succeeded;
  if (failed > 0) return `${failed} table(s) did not succeed`;
  const differing = (r.verification ?? []).filter((v) => !v.result || !settled(v.result).equal).length;
  if (differing > 0) return `every table synced, but ${differing} table(s) differ from their source or could not be verified`;
  return r.verification ? 'every table succeeded and equals its source' : 'every table succeeded';
}

/** The human form of a run: what moved per table, the summary table, any verification, and where the report is. */
export function describeRun(r: RunReport): string {
  const moved = r.tables.flatMap(movedLines);
  return [
    ...moved,
    ...(moved.length ? [''] : []),
    summaryTable(r),
    ...verificationLines(r),
    '',
    `run ${r.runId}: ${runStatus(r)}; report: ${r.reportFile}`,
  ].join('\n');
}

/**
 * One `error:` line per table that did not succeed, naming the table when
 * the message does not; a bug is an `internal error:` with its stack.
 */
/** What a run asks the user to know without failing: `warning: …` lines. */
export function warningLines(r: RunReport): string[] {
  return r.tables.flatMap((t) => (t.extract?.warnings ?? []).map((w) => `warning: ${w}`));
}

export function errorLines(r: RunReport): string[] {
  const line = (table: string, error: { code: string; message: string; stack?: string }, what = '') => {
    if (error.code === 'INTERNAL') return `internal error: ${table}: ${what}${error.stack ?? error.message}`;
    return `error: ${error.message.includes(table) ? '' : `${table}: `}${what}${error.message}`;
  };
  return [
    ...r.tables.flatMap((t) => (t.error ? [line(t.table, t.error)] : [])),
    ...(r.verification ?? []).flatMap((v) => (v.error ? [line(v.table, v.error, 'verify: ')] : [])),
  ];
}
