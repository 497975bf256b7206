import { describeNextRun } from './next-run';

const NONE = { timestamp: null, primaryKey: null };

describe('describeNextRun', () => {
  it('a full_sync table reads the whole table, whatever key it stored', () => {
    expect(describeNextRun({ timestamp: null, primaryKey: ['NL'] }, 'full_sync', { preset: '1d' })).toBe(
      'Next run reads the whole table (strategy full_sync: each run is a full snapshot)',
    );
  });

  it('a table without a cursor starts after the default watermark, absolute or preset', () => {
    expect(describeNextRun(NONE, 'hybrid', { timestamp: '2025-08-02 00:00:00.000000' })).toBe(
      'Next run starts after the default watermark 2025-08-02 00:00:00.000000 (the table has no cursor of its own)',
    );
    expect(describeNextRun(NONE, 'hybrid', { preset: '12h' })).toBe(
      'Next run starts after the default watermark: 12h before the run starts (the table has no cursor of its own)',
    );
  });

  it('a cursor of its own wins over the default; no default and no cursor is the beginning', () => {
    const cursor = { timestamp: '2025-08-01 10:00:00.000000', primaryKey: ['7'] };
    expect(describeNextRun(cursor, 'hybrid', { preset: '1d' })).toBe(
      'Next incremental run starts after 2025-08-01 10:00:00.000000, key (7)',
    );
    expect(describeNextRun(NONE, 'hybrid', null)).toBe('Next incremental run starts after the beginning (no watermark yet)');
  });
});
