import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isTidemarkError } from '@tidemark/errors';
import { ExtractResult } from '@tidemark/extraction';
import { LoadResult } from '@tidemark/loading';
import { OutcomeStatus, TableOutcome } from '@tidemark/sync';
import { settled, VerifyResult } from '@tidemark/verify';

export interface TableReport {
  table: string;
  status: OutcomeStatus;
  startedAt: string | null;
  seconds: number;
  extract: ExtractResult | null;
  load: LoadResult | null;
  /** `stack` only for an internal error (a bug). */
  error: { stage: string; code: string; message: string; stack?: string } | null;
}

/** `sync --verify-data`: one table's comparison with its source, or why it could not be compared. */
export interface VerificationReport {
  table: string;
  result: VerifyResult | null;
  error: { code: string; message: string } | null;
}

export interface RunTotals {
  tables: number;
  succeeded: number;
  failed: number;
  skipped: number;
  rowsExtracted: number;
  filesWritten: number;
  bytesWritten: number;
  rowsLoaded: number;
  manifestsLoaded: number;
}

/** What one `sync` or `backup` did: printed by --json and written to the log directory. */
export interface RunReport {
  runId: string;
  command: string;
  pipeline: string;
  /** The options as given, with defaults filled in. */
  options: Record<string, unknown>;
  startedAt: string;
  finishedAt: string;
  seconds: number;
  status: 'success' | 'failed';
  exitCode: number;
  totals: RunTotals;
  tables: TableReport[];
  /** With --verify-data: each synced table compared with its source after the run; else null. */
  verification: VerificationReport[] | null;
  /** An error that stopped the run before its tables (unknown pipeline, bad table key …). */
  error: { code: string; message: string } | null;
  reportFile: string;
}

export interface RunRecord {
  runId: string;
  command: string;
  pipeline: string;
  options: Record<string, unknown>;
  startedAt: Date;
  finishedAt: Date;
  outcomes: TableOutcome[];
  /** The error of each failed table, by table key, for the stacks of internal errors. */
  failures: Map<string, unknown>;
  runError?: unknown;
  verification?: VerificationReport[];
  logDirectory: string;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

function tableReport(o: TableOutcome, failure: unknown): TableReport {
  const internal = o.errorCode === 'INTERNAL';
  return {
    table: o.table,
    status: o.status,
    startedAt: o.startedAt ?? null,
    seconds: o.seconds ?? 0,
    extract: o.result?.extract ?? null,
    load: o.result?.load ?? null,
    error:
      o.status === 'success'
        ? null
        : {
            stage: o.failedStage ?? 'run',
            code: o.errorCode ?? 'STOPPED',
            message: o.error ?? '',
            ...(internal ? { stack: (failure as Error)?.stack } : {}),
          },
  };
}

function totalsOf(tables: TableReport[]): RunTotals {
  return {
    tables: tables.length,
    succeeded: tables.filter((t) => t.status === 'success').length,
    failed: tables.filter((t) => t.status === 'failed').length,
    skipped: tables.filter((t) => t.status === 'skipped').length,
    rowsExtracted: sum(tables.map((t) => t.extract?.rows ?? 0)),
    filesWritten: sum(tables.map((t) => t.extract?.files ?? 0)),
    bytesWritten: sum(tables.map((t) => t.extract?.bytes ?? 0)),
    rowsLoaded: sum(tables.map((t) => t.load?.rowsStaged ?? 0)),
    manifestsLoaded: sum(tables.map((t) => t.load?.manifestsLoaded ?? 0)),
  };
}

/**
 * 0 when every table succeeded (and, with --verify-data, equals its source);
 * 3 when anything failed on a bug; else 1.
 */
function exitCodeOf(tables: TableReport[], runError: unknown, verification: VerificationReport[] = []): number {
  if (runError !== undefined) return isTidemarkError(runError) ? 1 : 3;
  if (tables.some((t) => t.error?.code === 'INTERNAL')) return 3;
  if (verification.some((v) => v.error?.code === 'INTERNAL')) return 3;
  const verified = verification.every((v) => v.result !== null && settled(v.result).equal);
  return tables.every((t) => t.status === 'success') && verified ? 0 : 1;
}

/** An error as the report records it: its code, INTERNAL for a bug. */
export function reportedError(error: unknown): { code: string; message: string } {
  return {
    code: isTidemarkError(error) ? error.code : 'INTERNAL',
    message: (error as Error)?.message ?? String(error),
  };
}

/** Named by start time and run id (the run id starts with the start time), so a directory listing is in run order. */
export const reportFileName = (runId: string, command: string) => `${runId}-${command}.json`;

export function buildRunReport(r: RunRecord): RunReport {
  const tables = r.outcomes.map((o) => tableReport(o, r.failures.get(o.table)));
  const exitCode = exitCodeOf(tables, r.runError, r.verification);
  return {
    runId: r.runId,
    command: r.command,
    pipeline: r.pipeline,
    options: r.options,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt.toISOString(),
    seconds: (r.finishedAt.getTime() - r.startedAt.getTime()) / 1000,
    status: exitCode === 0 ? 'success' : 'failed',
    exitCode,
    totals: totalsOf(tables),
    tables,
    verification: r.verification ?? null,
    error: r.runError === undefined ? null : reportedError(r.runError),
    reportFile: join(r.logDirectory, reportFileName(r.runId, r.command)),
  };
}

/** Writes the report whole or not at all (a temp file renamed into place). */
export function writeRunReport(report: RunReport): void {
  mkdirSync(dirname(report.reportFile), { recursive: true });
  const temp = `${report.reportFile}.partial`;
  writeFileSync(temp, JSON.stringify(report, null, 2) + '\n');
  renameSync(temp, report.reportFile);
}
