import { TableOutcome } from '@tidemark/sync';
import { Manifest } from '@tidemark/watermark-model';
import { cursorAgeSeconds } from './table-lag';
import { TidemarkMetrics } from './tidemark-metrics';

const extracted: TableOutcome = {
  table: 'shop.orders',
  status: 'success',
  seconds: 3,
  result: {
    pipeline: 'p',
    table: 'shop.orders',
    extract: {
      tableKey: 'shop.orders',
      runId: 'r',
      rows: 120,
      files: 2,
      bytes: 4096,
      manifestIds: ['a', 'b'],
      seconds: 3,
      cursor: { timestamp: null, primaryKey: null },
      futureRows: 3,
      warnings: [],
    },
  },
};

const leaseRefused = (error: string): TableOutcome => ({
  table: 'shop.orders',
  status: 'failed',
  seconds: 0.1,
  errorCode: 'CONFLICT',
  failedStage: 'extract',
  error,
});

const sourceDown: TableOutcome = {
  table: 'shop.orders',
  status: 'failed',
  seconds: 0.1,
  errorCode: 'SOURCE_UNREACHABLE',
  failedStage: 'extract',
  error: 'cannot connect to MySQL connection "default" at 127.0.0.1:1 as root: ECONNREFUSED',
};

async function value(metrics: TidemarkMetrics, name: string, labels: Record<string, string>) {
  const metric = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === name);
  const found = metric?.values.find((v) => Object.entries(labels).every(([k, l]) => String(v.labels[k]) === l));
  return found?.value;
}

describe('TidemarkMetrics', () => {
  it('adds what a finished extraction wrote, by pipeline and table', async () => {
    const metrics = new TidemarkMetrics('extractor');
    metrics.recordOutcome('extract', 'p', extracted);
    metrics.recordOutcome('extract', 'p', extracted);
    const table = { pipeline: 'p', table: 'shop.orders' };
    expect(await value(metrics, 'tidemark_rows_extracted_total', table)).toBe(240);
    expect(await value(metrics, 'tidemark_files_written_total', table)).toBe(4);
    expect(await value(metrics, 'tidemark_bytes_written_total', table)).toBe(8192);
    expect(await value(metrics, 'tidemark_rows_loaded_total', table)).toBeUndefined();
  });

  it("shows the future-dated rows of the table's last extraction, not a sum", async () => {
    const metrics = new TidemarkMetrics('extractor');
    metrics.recordOutcome('extract', 'p', extracted);
    metrics.recordOutcome('extract', 'p', extracted);
    expect(await value(metrics, 'tidemark_future_dated_rows', { pipeline: 'p', table: 'shop.orders' })).toBe(3);
  });

  it('counts a lease refusal as a lease conflict, and any other conflict only as an error', async () => {
    const metrics = new TidemarkMetrics('extractor');
    metrics.recordOutcome(
      'extract',
      'p',
      leaseRefused('p/shop.orders (extract) is leased by host:42 until 2025-01-01T00:00:00.000Z'),
    );
    metrics.recordOutcome(
      'extract',
      'p',
      leaseRefused('fencing token 3 for p/shop.orders (extract) is stale: the current token is 4'),
    );
    metrics.recordOutcome(
      'extract',
      'p',
      leaseRefused(
        'lease lost: another loader (token 4) took shop.orders of pipeline p while this one (token 3) was loading it; nothing was committed',
      ),
    );
    metrics.recordOutcome('extract', 'p', leaseRefused('manifest m1 would move the cursor of p/shop.orders back'));
    const labels = { pipeline: 'p', table: 'shop.orders', stage: 'extract' };
    expect(await value(metrics, 'tidemark_lease_conflicts_total', labels)).toBe(3);
    expect(await value(metrics, 'tidemark_table_errors_total', { ...labels, code: 'CONFLICT' })).toBe(4);
  });

  it('sets the last success time of a table stage on success only, and keeps it through a later failure', async () => {
    const metrics = new TidemarkMetrics('extractor');
    const labels = { pipeline: 'p', table: 'shop.orders', stage: 'extract' };
    metrics.recordOutcome('extract', 'p', sourceDown);
    expect(await value(metrics, 'tidemark_table_last_success_timestamp_seconds', labels)).toBeUndefined();
    const before = Date.now() / 1000;
    metrics.recordOutcome('extract', 'p', extracted);
    const at = await value(metrics, 'tidemark_table_last_success_timestamp_seconds', labels);
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(Date.now() / 1000);
    metrics.recordOutcome('extract', 'p', sourceDown);
    expect(await value(metrics, 'tidemark_table_last_success_timestamp_seconds', labels)).toBe(at);
    expect(await value(metrics, 'tidemark_table_errors_total', { ...labels, code: 'SOURCE_UNREACHABLE' })).toBe(2);
  });

  it('counts a run that failed before any table, by pipeline, stage and code', async () => {
    const metrics = new TidemarkMetrics('loader');
    metrics.recordRunError('load', 'p', 'WATERMARK_STORE');
    metrics.recordRunError('load', 'p', 'WATERMARK_STORE');
    expect(await value(metrics, 'tidemark_run_errors_total', { pipeline: 'p', stage: 'load', code: 'WATERMARK_STORE' })).toBe(2);
  });

  it('keeps each service in its own registry', async () => {
    const one = new TidemarkMetrics('loader');
    const two = new TidemarkMetrics('loader');
    one.recordHttpError(404, 'NOT_FOUND');
    expect(await value(one, 'tidemark_http_errors_total', { status: '404', code: 'NOT_FOUND' })).toBe(1);
    expect(await value(two, 'tidemark_http_errors_total', { status: '404', code: 'NOT_FOUND' })).toBeUndefined();
  });
});

describe('cursorAgeSeconds', () => {
  it('reads the canonical UTC cursor, microseconds included, and never goes below 0', () => {
    const now = Date.parse('2025-01-01T00:01:00.000Z');
    expect(cursorAgeSeconds('2025-01-01 00:00:00.250000', now)).toBe(59.75);
    expect(cursorAgeSeconds('2025-01-01 00:02:00.000000', now)).toBe(0);
  });

  it('observes the freshness of each committed manifest from its oldest row, and none for a manifest without a time or rows', async () => {
    const metrics = new TidemarkMetrics('loader');
    const committedAt = Date.parse('2026-01-01T12:00:00Z');
    const manifest = (timestamp: string | null, sourceCommitTimes?: Manifest['sourceCommitTimes']) =>
      ({ minCursor: { timestamp, primaryKey: ['1'] }, sourceCommitTimes, rowCount: 10 }) as Manifest;
    metrics.recordFreshness('p', 'shop.orders', [
      manifest('2026-01-01 11:59:57.000000'), // 3 s
      manifest('2026-01-01 11:58:00.000000'), // 120 s
      manifest(null, { oldest: '2026-01-01T11:59:59.500Z', newest: '2026-01-01T11:59:59.900Z' }), // 0.5 s
      manifest(null), // id_only: no time
      { ...manifest('2026-01-01 11:00:00.000000'), rowCount: 0 }, // a watermark move: no row became queryable
    ], committedAt);
    const series = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === 'tidemark_freshness_seconds');
    const value = (metricName: string, le?: number) =>
      series?.values.find(
        (v) => (v as { metricName?: string }).metricName === metricName && (le === undefined || v.labels['le'] === le),
      )?.value;
    expect(value('tidemark_freshness_seconds_count')).toBe(3);
    expect(value('tidemark_freshness_seconds_sum')).toBe(123.5);
    expect([value('tidemark_freshness_seconds_bucket', 1), value('tidemark_freshness_seconds_bucket', 5)]).toEqual([1, 2]);
    expect([value('tidemark_freshness_seconds_bucket', 60), value('tidemark_freshness_seconds_bucket', 120)]).toEqual([2, 3]);
  });
});
