import { freshnessSeconds, summarizeFreshness } from './freshness';
import { ManifestSummary } from './watermark-api';

const NOW = Date.parse('2026-01-01T12:00:00Z');

function loaded(minCursor: string | null, loadedAt: string | null, status: ManifestSummary['status'] = 'loaded') {
  return {
    id: `m-${minCursor}-${loadedAt}`,
    status,
    strategy: 'hybrid',
    rows: 1,
    files: 1,
    bytes: 1,
    createdAt: '2026-01-01T11:00:00Z',
    loadedAt,
    filesDeletedAt: null,
    fileUris: [],
    minCursor: { timestamp: minCursor, primaryKey: ['1'] },
    maxCursor: { timestamp: minCursor, primaryKey: ['1'] },
  } satisfies ManifestSummary;
}

describe('freshnessSeconds', () => {
  it('measures from the min cursor timestamp, microseconds and all, to the load', () => {
    const m = { minCursor: { timestamp: '2026-01-01 11:59:47.250000', primaryKey: ['7'] } };
    expect(freshnessSeconds(m, NOW)).toBe(12.75);
  });

  it('prefers the binlog commit times when the manifest has them', () => {
    const m = {
      minCursor: { timestamp: '2026-01-01 11:00:00.000000', primaryKey: null },
      sourceCommitTimes: { oldest: '2026-01-01T11:59:58.000Z', newest: '2026-01-01T11:59:59.000Z' },
    };
    expect(freshnessSeconds(m, NOW)).toBe(2);
  });

  it('knows no time for a key-only manifest, and counts a future-dated row as 0', () => {
    expect(freshnessSeconds({ minCursor: { timestamp: null, primaryKey: ['1'] } }, NOW)).toBeNull();
    expect(freshnessSeconds({ minCursor: { timestamp: '2026-01-01 12:00:05.000000', primaryKey: null } }, NOW)).toBe(0);
  });
});

describe('summarizeFreshness', () => {
  it('gives the last load and the percentiles of the loads in the window, pending, untimed and empty ones left out', () => {
    const list = [
      loaded('2026-01-01 11:59:00.000000', '2026-01-01T11:59:10.000Z'), // 10 s
      loaded('2026-01-01 11:58:00.000000', '2026-01-01T11:58:30.000Z'), // 30 s
      loaded('2026-01-01 11:57:00.000000', '2026-01-01T11:57:20.000Z'), // 20 s
      loaded('2026-01-01 09:00:00.000000', '2026-01-01T10:00:00.000Z'), // out of the window
      loaded('2026-01-01 11:59:59.000000', null, 'pending'),
      loaded(null, '2026-01-01T11:59:59.000Z'),
      { ...loaded('2026-01-01 11:00:00.000000', '2026-01-01T11:59:59.000Z'), rows: 0 }, // a watermark move
    ];
    expect(summarizeFreshness(list, NOW)).toEqual({
      lastSeconds: 10,
      lastLoadedAt: '2026-01-01T11:59:10.000Z',
      p50Seconds: 20,
      p99Seconds: 30,
      loads: 3,
      windowSeconds: 3600,
    });
  });

  it('is null without a timed load, and has no percentiles when the window holds none', () => {
    expect(summarizeFreshness([loaded('2026-01-01 11:59:59.000000', null, 'pending')], NOW)).toBeNull();
    expect(summarizeFreshness([loaded('2026-01-01 09:00:00.000000', '2026-01-01T10:00:00.000Z')], NOW)).toMatchObject({
      lastSeconds: 3600,
      p50Seconds: null,
      p99Seconds: null,
      loads: 0,
    });
  });
});
