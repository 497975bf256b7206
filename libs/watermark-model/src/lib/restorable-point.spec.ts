import { describeRestorablePoint, resyncTimes, restorablePoint } from './restorable-point';
import { HistoryEntry, ManifestSummary } from './watermark-api';

const summary = (id: string, minute: number, over: Partial<ManifestSummary> = {}): ManifestSummary => ({
  id,
  status: 'loaded',
  strategy: 'incremental',
  rows: 1,
  files: 1,
  bytes: 1,
  createdAt: `2026-01-01T00:0${minute}:00.000Z`,
  loadedAt: null,
  filesDeletedAt: null,
  fileUris: [],
  minCursor: { timestamp: null, primaryKey: null },
  maxCursor: { timestamp: null, primaryKey: null },
  ...over,
});
const merge = { appendMode: false, resyncs: [] };

describe('restorablePoint', () => {
  it('takes the manifests s3clean deleted files of as missing', () => {
    const manifests = [summary('a', 1, { filesDeletedAt: '2026-01-02T00:00:00.000Z' }), summary('s', 2, { strategy: 'full_sync' })];
    expect(restorablePoint(manifests, merge)).toEqual({
      oldest: '2026-01-01T00:02:00.000Z',
      current: true,
      filesCleaned: ['a'],
      manifests: 2,
    });
  });

  it('says when the current state cannot be rebuilt', () => {
    const p = restorablePoint([summary('a', 1), summary('b', 2, { filesDeletedAt: '2026-01-02T00:00:00.000Z' })], merge);
    expect(p).toMatchObject({ oldest: '2026-01-01T00:01:00.000Z', current: false });
  });
});

describe('resyncTimes', () => {
  it('is the time of every history entry whose action is exactly resync', () => {
    const entry = (action: string, at: string) => ({ action, at }) as HistoryEntry;
    expect(resyncTimes([entry('resync', 't1'), entry('reset-all', 't2'), entry('resync-started', 't3')])).toEqual(['t1']);
  });
});

describe('describeRestorablePoint', () => {
  const base = { oldest: '2026-01-01T00:01:00.000Z', current: true, filesCleaned: [], manifests: 2 };

  it('is the oldest point when the current state can be rebuilt', () => {
    expect(describeRestorablePoint(base)).toBe('2026-01-01T00:01:00.000Z');
  });

  it('names the cleaned manifests (the first three) when nothing can be rebuilt', () => {
    expect(describeRestorablePoint({ ...base, oldest: null, current: false, filesCleaned: ['a', 'b', 'c', 'd', 'e'] })).toBe(
      'none (files cleaned: a, b, c and 2 more)',
    );
  });

  it('warns when only older points remain', () => {
    expect(describeRestorablePoint({ ...base, current: false, filesCleaned: ['b'] })).toBe(
      '2026-01-01T00:01:00.000Z (the current state cannot be rebuilt: files cleaned: b)',
    );
  });

  it('says there is nothing yet for a table without manifests', () => {
    expect(describeRestorablePoint({ oldest: null, current: true, filesCleaned: [], manifests: 0 })).toBe('none (no manifests yet)');
  });
});
