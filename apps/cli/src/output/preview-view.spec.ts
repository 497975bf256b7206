import { ExtractPreview } from '@tidemark/extraction';
import { Cursor } from '@tidemark/watermark-model';
import { describePreview } from './preview-view';

describe('describePreview', () => {
  /** The lines of a dry run of one table whose extract is as given. */
  const lines = (extract: Partial<ExtractPreview>) =>
    describePreview({
      pipeline: 'p',
      table: 'shop.orders',
      extract: {
        tableKey: 'shop.orders',
        strategy: 'hybrid',
        storedCursor: { timestamp: null, primaryKey: null },
        startsAfter: { timestamp: null, primaryKey: null },
        ceiling: '2025-08-01 10:00:00.000000',
        nothingToRead: false,
        firstPage: { sql: 'SELECT 1', params: [] },
        ...extract,
      },
    }).split('\n');
  /** The extract line of a dry run whose stored cursor, unmoved by a lookback, is `storedCursor`. */
  const preview = (storedCursor: Cursor) => lines({ storedCursor, startsAfter: storedCursor })[1];

  it('names a stored first run read in key order (ADR 0050), not just its key', () => {
    expect(preview({ timestamp: null, primaryKey: ['500'], keyScan: { ceiling: '2025-08-01 10:00:00.000000' } })).toBe(
      '  extract (hybrid): stored cursor key (500) of the first run, read in key order up to 2025-08-01 10:00:00.000000; ' +
        'reads after key (500) of the first run, read in key order up to 2025-08-01 10:00:00.000000',
    );
  });

  it('says which connection holds the ceiling back, when one does', () => {
    const holder =
      'thread 12 (etl@10.0.0.7:5000, database billing) has had a transaction with uncommitted writes open for 95 s';
    expect(lines({ ceilingHeldBy: holder }).slice(2, 4)).toEqual([
      '    up to 2025-08-01 10:00:00.000000 (fixed at the start of the run)',
      `    held back by: ${holder}`,
    ]);
  });

  it('shows an ordinary cursor as its timestamp and key, and none as the beginning', () => {
    expect(preview({ timestamp: '2025-08-01 10:00:00.000000', primaryKey: ['7'] })).toBe(
      '  extract (hybrid): stored cursor 2025-08-01 10:00:00.000000, key (7); reads after 2025-08-01 10:00:00.000000, key (7)',
    );
    expect(preview({ timestamp: null, primaryKey: null })).toBe(
      '  extract (hybrid): stored cursor the beginning; reads after the beginning',
    );
  });
});
