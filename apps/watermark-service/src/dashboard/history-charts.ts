import { HistoryEntry, millisFromCanonical } from '@tidemark/watermark-model';
import { utcText } from './age';
import { ChartPoint, lineChart } from './line-chart';
import { html, SafeHtml } from './safe-html';
import { formatCount } from './view-parts';

/** The newest changes charted; a busy table's history grows by several entries a run. */
export const CHART_LIMIT = 500;

const countPoints = (entries: HistoryEntry[], count: (h: HistoryEntry) => number): ChartPoint[] =>
  entries.map((h) => ({ at: Date.parse(h.at), value: count(h), label: formatCount(count(h)) }));

function cursorPoints(entries: HistoryEntry[]): ChartPoint[] {
  return entries.map((h) => {
    const timestamp = h.after.extract.cursor.timestamp;
    return { at: Date.parse(h.at), value: timestamp === null ? null : millisFromCanonical(timestamp), label: timestamp ?? 'no cursor' };
  });
}

/** The extract cursor, and the rows extracted and loaded, after each recorded change. */
export function historyCharts(history: HistoryEntry[]): SafeHtml {
  const shown = history.slice(-CHART_LIMIT);
  const scope =
    history.length > shown.length ? `the newest ${CHART_LIMIT} of ${formatCount(history.length)} changes` : `${shown.length} change(s)`;
  const cursor = lineChart({
    title: 'Extract cursor over time',
    series: [{ name: 'extract cursor', className: 'cursor', points: cursorPoints(shown) }],
    formatValue: utcText,
  });
  const rows = lineChart({
    title: 'Rows extracted and loaded over time',
    series: [
      { name: 'rows extracted', className: 'extracted', points: countPoints(shown, (h) => h.after.extract.rowsExtracted) },
      { name: 'rows loaded', className: 'loaded', points: countPoints(shown, (h) => h.after.load.rowsLoaded) },
    ],
    formatValue: formatCount,
    fromZero: true,
  });
  return html`<section class="charts"><h3>History</h3><p class="note">Charted: ${scope}, one point per change.</p>${cursor}${rows}</section>`;
}
