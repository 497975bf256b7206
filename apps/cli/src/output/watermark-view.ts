import { Cursor, describeCursor, HistoryEntry, ManifestSummary, Watermark } from '@tidemark/watermark-model';
import { formatBytes, formatCount } from './format';

const keyText = (key: string[]) => `key (${key.join(', ')})`;

/** How far a first run read in key order (ADR 0050) has got. */
const keyScanDone = (c: Cursor) => (c.primaryKey ? `done up to ${keyText(c.primaryKey)}` : 'no key done yet');

/** The cursor line of one watermark: a binlog position, a first run in key order, or a timestamp and key. */
function cursorLine(c: Cursor): string {
  if (c.binlog) return `position ${describeCursor(c)}`;
  if (c.keyScan) return `cursor first run in key order, ${keyScanDone(c)}, rows up to ${c.keyScan.ceiling}`;
  return `cursor ${c.timestamp ?? '(none)'}${c.primaryKey ? `, ${keyText(c.primaryKey)}` : ''}`;
}

/** A cursor in a table cell or a history line: its timestamp (else `none`), or a first run's progress in key order. */
export function cursorCell(c: Cursor, none = '(none)'): string {
  return c.keyScan ? `first run in key order, ${keyScanDone(c)}` : (c.timestamp ?? none);
}

/** `nextRun`: where the next run starts, when the caller knows more than the cursor (see describeNextRun). */
export function describeWatermark(
  w: Watermark,
  nextRun = `Next incremental run starts after ${describeCursor(w.extract.cursor)}`,
): string {
  const e = w.extract;
  const l = w.load;
  return [
    `Watermark ${w.pipeline} / ${w.table}${w.backupStrategy === 'manual_cli' ? '  (cursor set by hand)' : ''}`,
    `  extract: ${e.status}, ${formatCount(e.rowsExtracted)} rows in ${formatCount(e.filesCreated)} file(s), last run ${e.lastRunAt ?? 'never'}, strategy ${e.strategy}`,
    `           ${cursorLine(e.cursor)}`,
    ...(e.lastError ? [`           last error: ${e.lastError}`] : []),
    `  load:    ${l.status}, ${formatCount(l.rowsLoaded)} rows from ${formatCount(l.manifestsLoaded)} manifest(s), last run ${l.lastRunAt ?? 'never'}`,
    ...(l.lastError ? [`           last error: ${l.lastError}`] : []),
    ...(l.rebuildPending
      ? ['           the next load rebuilds the table from the object store (docs/restore.md)']
      : []),
    nextRun,
  ].join('\n');
}

export function describeManifests(manifests: ManifestSummary[]): string {
  if (manifests.length === 0) return 'No manifests registered.';
  const lines = [`${manifests.length} manifest(s):`];
  for (const m of manifests) {
    lines.push(
      `  ${m.id}  ${m.status.padEnd(7)}  ${formatCount(m.rows)} rows  ${formatBytes(m.bytes)}  ${cursorCell(m.maxCursor, '')}${m.filesDeletedAt ? `  files cleaned at ${m.filesDeletedAt}` : ''}`,
    );
    for (const uri of m.fileUris) lines.push(`      ${uri}`);
  }
  return lines.join('\n');
}

export function describeHistory(entries: HistoryEntry[]): string {
  if (entries.length === 0) return 'No history.';
  return entries
    .map((h) => {
      const cursor = cursorCell(h.after.extract.cursor);
      return `  #${String(h.id).padEnd(5)} ${h.at}  ${h.action.padEnd(18)} by ${h.actor.padEnd(12)} cursor ${cursor}, extracted ${formatCount(h.after.extract.rowsExtracted)}, loaded ${formatCount(h.after.load.rowsLoaded)}`;
    })
    .join('\n');
}

export function describeList(watermarks: Watermark[]): string {
  if (watermarks.length === 0) return 'No watermarks.';
  const rows = watermarks.map((w) => [
    w.pipeline,
    w.table,
    w.extract.status,
    cursorCell(w.extract.cursor),
    formatCount(w.extract.rowsExtracted),
    w.load.status,
    formatCount(w.load.rowsLoaded),
  ]);
  const header = ['PIPELINE', 'TABLE', 'EXTRACT', 'CURSOR', 'ROWS', 'LOAD', 'LOADED'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [header, ...rows]
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
