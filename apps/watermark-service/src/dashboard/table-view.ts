import { FreshnessSummary, HistoryEntry, Lease, LeaseStage, Watermark } from '@tidemark/watermark-model';
import { ageText, formatSpan, utcText } from './age';
import { historyCharts } from './history-charts';
import { html, HtmlValue, SafeHtml } from './safe-html';
import { agoCell, cursorAge, cursorText, errorCell, formatCount, statusBadge } from './view-parts';

export interface TableViewData {
  watermark: Watermark;
  history: HistoryEntry[];
  leases: Record<LeaseStage, Lease | null>;
  /** Of its recent loads (summarizeFreshness); null: none measured. */
  freshness: FreshnessSummary | null;
  now: number;
}

/** Changes listed under the charts, newest first. */
export const RECENT_CHANGES = 20;

const card = (stage: string, title: string, items: [string, HtmlValue][]) =>
  html`<section class="stage-card" data-stage="${stage}"><h3>${title}</h3><dl>${items.map(
    ([term, value]) => html`<dt>${term}</dt><dd>${value}</dd>`,
  )}</dl></section>`;

function leaseText(lease: Lease | null, now: number): SafeHtml {
  if (!lease) return html`<span class="none">nobody holds it</span>`;
  const expires = Date.parse(lease.expiresAt);
  return html`held by <span class="holder">${lease.holder}</span> with fencing token ${lease.token}, expires <time datetime="${lease.expiresAt}" title="${utcText(expires)}">${ageText(expires, now)}</time>`;
}

/** Source commit to queryable: the last load's, and p50/p99 over the window's loads (ADR 0043). */
function freshnessText(f: FreshnessSummary | null): SafeHtml {
  if (!f) return html`<span class="freshness none">not measured: no load of rows with a source time</span>`;
  const last = html`<span class="freshness-last">${formatSpan(f.lastSeconds * 1000)}</span> at the last load`;
  const window = f.windowSeconds % 3600 === 0 ? `${f.windowSeconds / 3600} h` : formatSpan(f.windowSeconds * 1000);
  if (f.p50Seconds === null || f.p99Seconds === null) return html`<span class="freshness">${last}; no load in the last ${window}</span>`;
  return html`<span class="freshness">${last}; p50 <span class="freshness-p50">${formatSpan(f.p50Seconds * 1000)}</span>, p99 <span class="freshness-p99">${formatSpan(f.p99Seconds * 1000)}</span> over <span class="freshness-loads">${formatCount(f.loads)}</span> loads in the last ${window}</span>`;
}

function recentChanges(history: HistoryEntry[]): SafeHtml {
  const rows = history
    .slice(-RECENT_CHANGES)
    .reverse()
    .map(
      (h) => html`<tr><td>${utcText(Date.parse(h.at))}</td><td>${h.action}</td><td>${h.actor}</td><td>${cursorText(h.after.extract.cursor)}</td><td class="num">${formatCount(h.after.extract.rowsExtracted)}</td><td class="num">${formatCount(h.after.load.rowsLoaded)}</td></tr>`,
    );
  return html`<section class="changes"><h3>Latest changes</h3><table><thead><tr><th>When</th><th>Change</th><th>By</th><th>Cursor after</th><th>Rows extracted</th><th>Rows loaded</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

/** One table: both stages, who holds their leases, and its history as charts. */
export function tableView({ watermark: w, history, leases, freshness, now }: TableViewData): SafeHtml {
  const extract = card('extract', 'Extract', [
    ['Status', statusBadge(w.extract.status)],
    ['Cursor', cursorText(w.extract.cursor)],
    ['Cursor age', cursorAge(w.extract.cursor, now)],
    ['Rows extracted', formatCount(w.extract.rowsExtracted)],
    ['Files', formatCount(w.extract.filesCreated)],
    ['Strategy', w.extract.strategy],
    ['Last run', agoCell(w.extract.lastRunAt, now)],
    ['Last error', errorCell(w.extract.lastError)],
    ['Lease', leaseText(leases.extract, now)],
  ]);
  const load = card('load', 'Load', [
    ['Status', statusBadge(w.load.status)],
    ['Rows loaded', formatCount(w.load.rowsLoaded)],
    ['Manifests loaded', formatCount(w.load.manifestsLoaded)],
    ['Freshness', freshnessText(freshness)],
    ['Last run', agoCell(w.load.lastRunAt, now)],
    ['Last error', errorCell(w.load.lastError)],
    ['Lease', leaseText(leases.load, now)],
  ]);
  return html`<p class="crumbs"><a href="#/">All tables</a></p>
<h2 class="table-title"><span class="pipeline">${w.pipeline}</span> / <span class="table">${w.table}</span></h2>
<div class="stages">${extract}${load}</div>
${historyCharts(history)}
${recentChanges(history)}`;
}
