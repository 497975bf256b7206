import { Cursor, describeCursor, millisFromCanonical, StageStatus } from '@tidemark/watermark-model';
import { ageText, utcText } from './age';
import { html, SafeHtml } from './safe-html';

const STATUS_CLASS: Record<StageStatus, string> = {
  pending: 'pending',
  in_progress: 'running',
  success: 'ok',
  failed: 'failed',
};

export const statusBadge = (status: StageStatus): SafeHtml =>
  html`<span class="status status-${STATUS_CLASS[status] ?? 'unknown'}">${status.replace('_', ' ')}</span>`;

export const formatCount = (n: number): string => n.toLocaleString('en-US');

/** The in-page address of a table's page (read by the browser code, which asks the server for that view). */
export const tablePageHref = (pipeline: string, table: string): string =>
  `#/table?${new URLSearchParams({ pipeline, table })}`;

/** How long ago an ISO instant was, with the exact instant on hover. */
export function agoCell(iso: string | null, now: number): SafeHtml {
  if (iso === null) return html`<span class="none">never</span>`;
  const at = Date.parse(iso);
  return html`<time datetime="${iso}" title="${utcText(at)}">${ageText(at, now)}</time>`;
}

export const cursorText = (cursor: Cursor): string => describeCursor(cursor);

/**
 * The lag the service can know without asking the source: how old the
 * extract cursor is. A table that gets no new rows shows a growing age too.
 */
export function cursorAge(cursor: Cursor, now: number): SafeHtml {
  // A first run read in key order (ADR 0050) has no timestamp to age yet, but it is under way.
  if (cursor.keyScan) return html`<span class="none">first run in key order</span>`;
  if (cursor.timestamp === null) return html`<span class="none">no cursor</span>`;
  return html`<span class="age">${ageText(millisFromCanonical(cursor.timestamp), now)}</span>`;
}

const SHORT_ERROR = 200;

/** A stage's last error; on the list only its start, the whole text on hover. */
export function errorCell(error: string | null, short = false): SafeHtml {
  if (!error) return html`<span class="none">—</span>`;
  const text = short && error.length > SHORT_ERROR ? `${error.slice(0, SHORT_ERROR)}…` : error;
  return html`<span class="error" title="${error}">${text}</span>`;
}
