import { Cursor } from '@tidemark/watermark-model';
import { describePreview } from './preview-view';

describe('describePreview', () => {
  /** The extract line of a dry run whose stored cursor, unmoved by a lookback, is `storedCursor`. */
  const preview = (storedCursor: Cursor) =>
    describePreview({
      pipeline: 'p',
      table: 'shop.orders',
      extract: {
        tableKey: 'shop.orders',
        strategy: 'hybrid',
        storedCursor,
        startsAfter: storedCursor,
        ceiling: '2025-08-01 10:00:00.000000',
        nothingToRead: false,
        firstPage: { sql: 'SELECT 1', params: [] },
      },
    }).split('\n')[1];

  it('names a stored first run read in key order (ADR 0050), not just its key', () => {
    expect(preview({ timestamp: null, primaryKey: ['500'], keyScan: { ceiling: '2025-08-01 10:00:00.000000' } })).toBe(
      '  extract (hybrid): stored cursor key (500) of the first run, read in key order up to 2025-08-01 10:00:00.000000; ' +
        'reads after key (500) of the first run, read in key order up to 2025-08-01 10:00:00.000000',
    );
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
