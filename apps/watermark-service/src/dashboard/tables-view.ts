import { Watermark } from '@tidemark/watermark-model';
import { utcText } from './age';
import { html, SafeHtml } from './safe-html';
import { agoCell, cursorAge, cursorText, errorCell, formatCount, statusBadge, tablePageHref } from './view-parts';

function row(w: Watermark, now: number): SafeHtml {
  const failed = w.extract.status === 'failed' || w.load.status === 'failed';
  return html`<tr class="table-row${failed ? ' has-failed' : ''}" data-pipeline="${w.pipeline}" data-table="${w.table}">
<td class="pipeline">${w.pipeline}</td>
<td class="table"><a href="${tablePageHref(w.pipeline, w.table)}">${w.table}</a></td>
<td class="extract-status">${statusBadge(w.extract.status)}</td>
<td class="extract-cursor">${cursorText(w.extract.cursor)}</td>
<td class="extract-lag">${cursorAge(w.extract.cursor, now)}</td>
<td class="extract-rows num">${formatCount(w.extract.rowsExtracted)}</td>
<td class="extract-last-run">${agoCell(w.extract.lastRunAt, now)}</td>
<td class="extract-error">${errorCell(w.extract.lastError, true)}</td>
<td class="load-status">${statusBadge(w.load.status)}</td>
<td class="load-rows num">${formatCount(w.load.rowsLoaded)}</td>
<td class="load-last-run">${agoCell(w.load.lastRunAt, now)}</td>
<td class="load-error">${errorCell(w.load.lastError, true)}</td>
</tr>`;
}

/** Every table's two stages, one row each, failed tables marked. */
export function tablesView(watermarks: Watermark[], now: number): SafeHtml {
  const failed = watermarks.filter((w) => w.extract.status === 'failed' || w.load.status === 'failed').length;
  const summary = html`<p class="summary"><strong>${formatCount(watermarks.length)}</strong> table(s), <strong class="${failed > 0 ? 'failed-count' : ''}">${failed}</strong> with a failed stage, as of ${utcText(now)}.</p>`;
  if (watermarks.length === 0) {
    return html`<h2>Tables</h2>${summary}<p class="empty">No watermarks yet: no table has been synced.</p>`;
  }
  return html`<h2>Tables</h2>${summary}
<table class="tables">
<thead>
<tr><th rowspan="2">Pipeline</th><th rowspan="2">Table</th><th colspan="6" class="stage">Extract</th><th colspan="4" class="stage">Load</th></tr>
<tr><th>Status</th><th>Cursor</th><th title="Now minus the extract cursor: see the note below">Cursor age</th><th>Rows</th><th>Last run</th><th>Last error</th><th>Status</th><th>Rows</th><th>Last run</th><th>Last error</th></tr>
</thead>
<tbody>${watermarks.map((w) => row(w, now))}</tbody>
</table>
<p class="note">Cursor age is how far the extract cursor trails the clock now. The watermark service does not query the sources, so a table that gets no new rows shows a growing age too; <code>tidemark status --lag</code> asks each source for the true lag.</p>`;
}
