import { Cursor, HistoryEntry, ManifestSummary, Watermark } from '@tidemark/watermark-model';
import { describeHistory, describeList, describeManifests, describeWatermark } from './watermark-view';

const CEILING = '2025-08-01 10:00:00.000000';
/** A first run read in key order (ADR 0050), done up to `key`. */
const keyScan = (...key: string[]): Cursor => ({
  timestamp: null,
  primaryKey: key.length ? key : null,
  keyScan: { ceiling: CEILING },
});

const watermark = (cursor: Cursor): Watermark => ({
  pipeline: 'p',
  table: 'shop.orders',
  extract: {
    cursor,
    status: 'in_progress',
    rowsExtracted: 1000,
    filesCreated: 2,
    lastRunAt: null,
    strategy: 'hybrid',
    lastError: null,
  },
  load: {
    status: 'pending',
    rowsLoaded: 0,
    manifestsLoaded: 0,
    lastRunAt: null,
    lastError: null,
    rebuildPending: false,
  },
  backupStrategy: 'sequential',
  metadata: {},
  createdAt: '2025-08-01T10:00:00.000Z',
  updatedAt: '2025-08-01T10:00:00.000Z',
});

/** The line of describeWatermark that shows the cursor. */
const cursorLineOf = (w: Watermark) => describeWatermark(w).split('\n')[2].trim();

describe('watermark views of a cursor', () => {
  it('watermark get shows a first run in key order: how far it is and the rows it reads up to', () => {
    const text = describeWatermark(watermark(keyScan('500', 'b')));
    expect(text.split('\n')[2].trim()).toBe(
      `cursor first run in key order, done up to key (500, b), rows up to ${CEILING}`,
    );
    expect(text).toContain(
      `Next incremental run starts after key (500, b) of the first run, read in key order up to ${CEILING}`,
    );
    expect(cursorLineOf(watermark(keyScan()))).toBe(
      `cursor first run in key order, no key done yet, rows up to ${CEILING}`,
    );
  });

  it('watermark get shows an ordinary cursor as its timestamp and key, as before', () => {
    expect(cursorLineOf(watermark({ timestamp: CEILING, primaryKey: ['7'] }))).toBe(`cursor ${CEILING}, key (7)`);
    expect(cursorLineOf(watermark({ timestamp: null, primaryKey: null }))).toBe('cursor (none)');
  });

  it('watermark list shows the key scan in the CURSOR column', () => {
    const ended = { ...watermark({ timestamp: CEILING, primaryKey: ['7'] }), table: 'shop.done' };
    const [header, ...rows] = describeList([watermark(keyScan('500')), ended]).split('\n');
    const cursorCells = rows.map((row) => row.split(/ {2,}/)[header.split(/ {2,}/).indexOf('CURSOR')]);
    expect(cursorCells).toEqual(['first run in key order, done up to key (500)', CEILING]);
  });

  it('watermark history shows the key scan of each version', () => {
    const entry: HistoryEntry = {
      id: 3,
      pipeline: 'p',
      table: 'shop.orders',
      action: 'extract-commit',
      actor: 'system',
      at: '2025-08-01T10:00:00.000Z',
      before: null,
      after: watermark(keyScan('500')),
    };
    expect(describeHistory([entry])).toContain('cursor first run in key order, done up to key (500), extracted 1,000');
  });

  it('watermark manifests shows the key a manifest of the scan ends at', () => {
    const manifest: ManifestSummary = {
      id: 'm-1',
      status: 'pending',
      strategy: 'hybrid',
      rows: 10,
      files: 1,
      bytes: 100,
      createdAt: '2025-08-01T10:00:00.000Z',
      loadedAt: null,
      filesDeletedAt: null,
      fileUris: [],
      minCursor: keyScan('1'),
      maxCursor: keyScan('500'),
    };
    expect(describeManifests([manifest]).split('\n')[1]).toMatch(/ first run in key order, done up to key \(500\)$/);
  });
});
