import { HistoryEntry, Lease, Watermark } from '@tidemark/watermark-model';
import { CHART_LIMIT } from '../dashboard/history-charts';
import { escapeHtml } from '../dashboard/safe-html';
import { RECENT_CHANGES, tableView } from '../dashboard/table-view';
import { tablesView } from '../dashboard/tables-view';
import { tablePageHref } from '../dashboard/view-parts';

const NOW = Date.parse('2025-08-10T12:00:00.000Z');
const HOSTILE = `<img src=x onerror=alert(1)><script>alert(2)</script>`;

function watermark(table: string, o: { error?: string | null; cursor?: string | null; rows?: number } = {}): Watermark {
  const rows = o.rows ?? 1234567;
  return {
    pipeline: 'shop',
    table,
    extract: {
      cursor: { timestamp: o.cursor === undefined ? '2025-08-10 09:30:00.000001' : o.cursor, primaryKey: o.cursor === null ? null : ['42'] },
      status: o.error ? 'failed' : 'success',
      rowsExtracted: rows,
      filesCreated: 3,
      lastRunAt: '2025-08-10T11:55:00.000Z',
      strategy: 'hybrid',
      lastError: o.error ?? null,
    },
    load: { status: 'in_progress', rowsLoaded: rows, manifestsLoaded: 3, lastRunAt: null, lastError: null, rebuildPending: false },
    backupStrategy: 'sequential',
    metadata: {},
    createdAt: '2025-08-01T00:00:00.000Z',
    updatedAt: '2025-08-10T11:55:00.000Z',
  };
}

function history(count: number): HistoryEntry[] {
  return Array.from({ length: count }, (_, i) => {
    const after = watermark('db.orders', { rows: i * 10, cursor: i === 0 ? null : `2025-08-01 10:00:${String(i % 60).padStart(2, '0')}.000000` });
    return { id: i + 1, pipeline: 'shop', table: 'db.orders', action: i === 0 ? 'reset' : 'extract-commit', actor: 'tidemark', at: new Date(Date.parse('2025-08-01T10:00:00Z') + i * 60_000).toISOString(), before: null, after };
  });
}

const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0;

describe('dashboard list of tables', () => {
  const page = tablesView([watermark('db.orders'), watermark('db.broken', { error: HOSTILE })], NOW).value;
  const rowOf = (table: string) => page.slice(page.indexOf(`data-table="${table}"`), page.indexOf('</tr>', page.indexOf(`data-table="${table}"`)));

  it('has one row per table with both stages, rows, cursor age and last run', () => {
    expect(count(page, /<tr class="table-row/g)).toBe(2);
    const row = rowOf('db.orders');
    expect(row).toContain('<td class="extract-status"><span class="status status-ok">success</span></td>');
    expect(row).toContain('<td class="extract-cursor">2025-08-10 09:30:00.000001, key (42)</td>');
    expect(row).toContain('<td class="extract-lag"><span class="age">2 h 30 min ago</span></td>');
    expect(row).toContain('<td class="extract-rows num">1,234,567</td>');
    expect(row).toContain('title="2025-08-10 11:55:00 UTC">5 min ago</time>');
    expect(row).toContain('<td class="load-status"><span class="status status-running">in progress</span></td>');
    expect(row).toContain('<td class="load-last-run"><span class="none">never</span></td>');
    expect(row).toContain('<a href="#/table?pipeline=shop&amp;table=db.orders">db.orders</a>');
  });

  it('shows a hostile last error as text, counts and marks the failed table', () => {
    const row = rowOf('db.broken');
    expect(row).toContain('<span class="status status-failed">failed</span>');
    expect(row).toContain('&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(page).not.toMatch(/<img|<script/);
    expect(page).toContain('<strong>2</strong> table(s), <strong class="failed-count">1</strong> with a failed stage, as of 2025-08-10 12:00:00 UTC.');
    expect(page).toContain('class="table-row has-failed" data-pipeline="shop" data-table="db.broken"');
  });

  it('shows a hostile table and pipeline name as text, in the cell, the link and the row attributes', () => {
    const hostile = { ...watermark(`db.${HOSTILE}`), pipeline: `p"><script>alert(3)</script>` };
    const list = tablesView([hostile], NOW).value;
    expect(list).not.toMatch(/<img|<script/);
    expect(list).toContain(
      'data-pipeline="p&quot;&gt;&lt;script&gt;alert(3)&lt;/script&gt;" data-table="db.&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt;"',
    );
    expect(list).toContain('>db.&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt;</a>');
    expect(list).toContain(`<a href="${escapeHtml(tablePageHref(hostile.pipeline, hostile.table))}">`);
    const page = tableView({ watermark: hostile, history: [], leases: { extract: null, load: null }, freshness: null, now: NOW }).value;
    expect(page).not.toMatch(/<img|<script/);
    expect(page).toContain('<span class="table">db.&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt;</span>');
  });

  it('says where its lag comes from', () => {
    expect(page).toContain('The watermark service does not query the sources');
  });

  it('shortens a long error on the list and keeps the whole text on hover', () => {
    const long = `x${'y'.repeat(300)}`;
    const row = tablesView([watermark('db.long', { error: long })], NOW).value;
    expect(row).toContain(`title="${long}">${long.slice(0, 200)}…</span>`);
  });

  it('shows a first run read in key order (ADR 0050) as such, in the cursor and the age cells', () => {
    const scanning = watermark('db.scanning');
    scanning.extract.cursor = {
      timestamp: null,
      primaryKey: ['500'],
      keyScan: { ceiling: '2025-08-10 09:30:00.000001' },
    };
    const row = tablesView([scanning], NOW).value;
    expect(row).toContain(
      '<td class="extract-cursor">key (500) of the first run, read in key order up to 2025-08-10 09:30:00.000001</td>',
    );
    expect(row).toContain('<td class="extract-lag"><span class="none">first run in key order</span></td>');
  });

  it('says when nothing has been synced yet', () => {
    expect(tablesView([], NOW).value).toContain('No watermarks yet: no table has been synced.');
  });
});

describe('dashboard page of one table', () => {
  const lease: Lease = { pipeline: 'shop', table: 'db.orders', stage: 'load', holder: `loader-1 ${HOSTILE}`, token: 7, expiresAt: '2025-08-10T12:01:00.000Z' };
  const render = (entries: HistoryEntry[]) =>
    tableView({ watermark: watermark('db.orders', { error: HOSTILE }), history: entries, leases: { extract: null, load: lease }, freshness: null, now: NOW }).value;

  it('shows the freshness of recent loads on the load card, or that none was measured', () => {
    const withLoads = tableView({
      watermark: watermark('db.orders'),
      history: [],
      leases: { extract: null, load: null },
      freshness: { lastSeconds: 4.6, lastLoadedAt: '2025-08-10T11:59:00.000Z', p50Seconds: 3.2, p99Seconds: 75, loads: 1200, windowSeconds: 3600 },
      now: NOW,
    }).value;
    expect(withLoads).toContain(
      '<dt>Freshness</dt><dd><span class="freshness"><span class="freshness-last">4 s</span> at the last load; p50 <span class="freshness-p50">3 s</span>, p99 <span class="freshness-p99">1 min</span> over <span class="freshness-loads">1,200</span> loads in the last 1 h</span></dd>',
    );
    expect(render([])).toContain('<dt>Freshness</dt><dd><span class="freshness none">not measured: no load of rows with a source time</span></dd>');
  });

  it('shows both stages and who holds each lease, escaped', () => {
    const page = render(history(3));
    expect(page).toContain('<span class="pipeline">shop</span> / <span class="table">db.orders</span>');
    expect(page).toMatch(/data-stage="extract">.*<dt>Lease<\/dt><dd><span class="none">nobody holds it<\/span><\/dd>/s);
    expect(page).toContain(
      'held by <span class="holder">loader-1 &lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt;</span> with fencing token 7, expires <time datetime="2025-08-10T12:01:00.000Z" title="2025-08-10 12:01:00 UTC">in 1 min</time>',
    );
    expect(page).not.toMatch(/<img|<script/);
  });

  it('charts the cursor and the rows after each change: one point per entry that has the value', () => {
    const page = render(history(5));
    const cursorChart = page.slice(page.indexOf('aria-label="Extract cursor over time"'), page.indexOf('</svg>'));
    expect(count(cursorChart, /<circle class="point"/g)).toBe(4); // the reset left no cursor
    const rowsChart = page.slice(page.indexOf('aria-label="Rows extracted and loaded over time"'));
    const loaded = rowsChart.slice(rowsChart.indexOf('data-series="rows loaded"'), rowsChart.indexOf('</g>', rowsChart.indexOf('data-series="rows loaded"')));
    expect(count(loaded, /<circle class="point"/g)).toBe(5);
    expect(loaded).toContain('<title>rows loaded: 40 (2025-08-01 10:04:00 UTC)</title>');
    expect(page).toContain('Charted: 5 change(s), one point per change.');
  });

  it(`charts only the newest ${CHART_LIMIT} changes of a long history, and lists the newest ${RECENT_CHANGES}`, () => {
    const page = render(history(CHART_LIMIT + 20));
    expect(page).toContain(`Charted: the newest ${CHART_LIMIT} of 520 changes, one point per change.`);
    const loaded = page.slice(page.indexOf('data-series="rows loaded"'));
    expect(count(loaded.slice(0, loaded.indexOf('</g>')), /<circle class="point"/g)).toBe(CHART_LIMIT);
    const changes = page.slice(page.indexOf('<section class="changes">'));
    expect(count(changes, /<tr><td>/g)).toBe(RECENT_CHANGES);
    expect(changes.indexOf('5,190')).toBeLessThan(changes.indexOf('5,180')); // newest first
  });
});
