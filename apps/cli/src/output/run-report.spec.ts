import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TidemarkError } from '@tidemark/errors';
import { ExtractResult } from '@tidemark/extraction';
import { LoadResult } from '@tidemark/loading';
import { TableOutcome } from '@tidemark/sync';
import { makeTempDir } from '@tidemark/testing';
import { buildRunReport, RunRecord, writeRunReport } from './run-report';

const extract = { rows: 10, files: 2, bytes: 300 } as ExtractResult;
const load = { rowsStaged: 10, manifestsLoaded: 2 } as LoadResult;
const ok = (table: string): TableOutcome => ({
  table,
  status: 'success',
  seconds: 1,
  result: { pipeline: 'p', table, extract, load },
});
const failed = (table: string, errorCode: string): TableOutcome => ({
  table,
  status: 'failed',
  failedStage: 'load',
  error: 'it broke',
  errorCode,
  seconds: 2,
  result: { pipeline: 'p', table, extract },
});

function record(outcomes: TableOutcome[], o: Partial<RunRecord> = {}): RunRecord {
  return {
    runId: '20250801T100000000Z-abcdef',
    command: 'sync',
    pipeline: 'p',
    options: { parallel: 2 },
    startedAt: new Date('2025-08-01T10:00:00Z'),
    finishedAt: new Date('2025-08-01T10:00:03.5Z'),
    outcomes,
    failures: new Map(),
    logDirectory: '/logs',
    ...o,
  };
}

describe('buildRunReport', () => {
  it('adds up the tables and exits 0 only when every table succeeded', () => {
    const report = buildRunReport(record([ok('a.x'), ok('a.y')]));
    expect(report).toMatchObject({
      status: 'success',
      exitCode: 0,
      seconds: 3.5,
      error: null,
      reportFile: '/logs/20250801T100000000Z-abcdef-sync.json',
    });
    expect(report.totals).toEqual({
      tables: 2,
      succeeded: 2,
      failed: 0,
      skipped: 0,
      rowsExtracted: 20,
      filesWritten: 4,
      bytesWritten: 600,
      rowsLoaded: 20,
      manifestsLoaded: 4,
    });
  });

  it('exits 1 for a failed or skipped table, keeping what the failed table did before it failed', () => {
    const report = buildRunReport(
      record([ok('a.x'), failed('a.y', 'LOAD_MISMATCH'), { table: 'a.z', status: 'skipped', error: 'not started' }]),
    );
    expect(report).toMatchObject({ status: 'failed', exitCode: 1 });
    expect(report.tables[1]).toMatchObject({
      status: 'failed',
      extract,
      load: null,
      error: { stage: 'load', code: 'LOAD_MISMATCH', message: 'it broke' },
    });
    expect(report.tables[1].error).not.toHaveProperty('stack');
    expect(report.tables[2].error).toEqual({ stage: 'run', code: 'STOPPED', message: 'not started' });
    expect(report.totals).toMatchObject({ succeeded: 1, failed: 1, skipped: 1, rowsExtracted: 20, rowsLoaded: 10 });
  });

  it('exits 3 for a table that failed on a bug, with its stack', () => {
    const bug = new TypeError('x is undefined');
    const report = buildRunReport(
      record([ok('a.x'), failed('a.y', 'INTERNAL')], { failures: new Map([['a.y', bug]]) }),
    );
    expect(report.exitCode).toBe(3);
    expect(report.tables[1].error?.stack).toBe(bug.stack);
  });

  it('records an error that stopped the run before any table', () => {
    const report = buildRunReport(
      record([], { runError: new TidemarkError('BAD_INPUT', 'pipeline "nope" is not defined') }),
    );
    expect(report).toMatchObject({
      status: 'failed',
      exitCode: 1,
      tables: [],
      error: { code: 'BAD_INPUT', message: 'pipeline "nope" is not defined' },
    });
  });
});

describe('writeRunReport', () => {
  it('writes the report whole into the log directory, creating it', () => {
    const dir = makeTempDir();
    try {
      const report = buildRunReport(record([ok('a.x')], { logDirectory: join(dir.path, 'logs', 'tidemark') }));
      writeRunReport(report);
      expect(readdirSync(join(dir.path, 'logs', 'tidemark'))).toEqual(['20250801T100000000Z-abcdef-sync.json']);
      expect(JSON.parse(readFileSync(report.reportFile, 'utf8'))).toEqual(report);
    } finally {
      dir.remove();
    }
  });
});
