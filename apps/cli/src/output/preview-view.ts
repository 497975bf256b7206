import { TablePreview } from '@tidemark/sync';
import { Cursor, describeCursor } from '@tidemark/watermark-model';
import { formatCount } from './format';

function cursorText(c: Cursor): string {
  if (c.keyScan) return describeCursor(c);
  if (c.timestamp === null && c.primaryKey === null) return 'the beginning';
  return [c.timestamp, c.primaryKey && `key (${c.primaryKey.join(', ')})`].filter(Boolean).join(', ');
}

/** `sync --dry-run` for people: the bounds, the query, the manifests and the DDL of each table. */
export function describePreview(p: TablePreview): string {
  const lines = [`${p.table} (pipeline ${p.pipeline}), dry run: nothing was changed`];
  if (p.extract) {
    const e = p.extract;
    lines.push(
      `  extract (${e.strategy}): stored cursor ${cursorText(e.storedCursor)}; reads after ${cursorText(e.startsAfter)}`,
    );
    if (e.nothingToRead) lines.push('    nothing to read: no row at or below the ceiling');
    else if (e.ceiling !== null) lines.push(`    up to ${e.ceiling} (fixed at the start of the run)`);
    if (e.ceilingHeldBy) lines.push(`    held back by: ${e.ceilingHeldBy}`);
    lines.push(`    first page: ${e.firstPage.sql}`, `    bound values: ${JSON.stringify(e.firstPage.params)}`);
  }
  if (p.load) {
    const l = p.load;
    const rows = l.load.reduce((n, m) => n + m.rows, 0);
    lines.push(
      `  load into ${l.target} (${l.mode}): ${l.load.length} manifest(s), ${formatCount(rows)} rows registered now`,
    );
    if (l.rebuild)
      lines.push(
        '    rebuilds the table from them (a load-stage reset or a resync asked for it): it is replaced in one transaction',
      );
    for (const m of l.load) lines.push(`    ${m.id}: ${formatCount(m.rows)} rows in ${m.files} file(s)`);
    if (l.reconcile.length)
      lines.push(`    already in the warehouse ledger, would only be reported: ${l.reconcile.join(', ')}`);
    if (l.supersede.length) lines.push(`    older than a snapshot, would be closed: ${l.supersede.join(', ')}`);
    for (const sql of l.ddl) lines.push(`    DDL: ${sql}`);
    for (const c of l.conflicts) lines.push(`    would stop: ${c}`);
  }
  return lines.join('\n');
}
