import { markdownTable, meaningfulLines } from '@tidemark/testing';
import { CliOutcome } from './cli-process.fixture';

/** One fault and what it did: printed at the end of a spec file, and copied into docs/reliability.md. */
export interface MatrixRow {
  /** The fault point or the broken dependency. */
  fault: string;
  /** How the fault was made. */
  how: string;
  /** How the faulted run ended. */
  run: string;
  /** The state it left, read from the store, S3 and the warehouse. */
  leftBehind: string;
  /** How the clean re-run ended and what it did. */
  rerun: string;
  converged: string;
}

/** `1 manifest`, `4,100 rows`. */
export const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

const HEADERS: Record<keyof MatrixRow, string> = {
  fault: 'fault',
  how: 'how',
  run: 'faulted run',
  leftBehind: 'left behind (nothing half committed)',
  rerun: 're-run',
  converged: 'converged',
};

/** The matrix as Markdown, for docs/reliability.md; `aliases` replace names that differ on every run. */
export function formatMatrix(title: string, rows: MatrixRow[], aliases: Record<string, string> = {}): string {
  const keys = Object.keys(HEADERS) as (keyof MatrixRow)[];
  return markdownTable(
    title,
    keys.map((k) => HEADERS[k]),
    rows.map((r) => keys.map((k) => r[k])),
    aliases,
  );
}

/** The line that says why the run failed: Tidemark's `error:` line, or the error of a crash. */
function failureLine(stderr: string): string {
  const lines = meaningfulLines(stderr);
  if (stderr.includes("Unhandled 'error' event")) {
    const error = lines.find((l) => /^\w*Error: |^error: /.test(l));
    return `crashed on an unhandled 'error' event: ${error ?? '?'}`;
  }
  return lines.find((l) => /^(internal )?error: /.test(l)) ?? lines.at(-1) ?? '';
}

/** `killed (SIGKILL)`, `exit 0`, or `exit 1: error: …`. */
export function describeOutcome(o: CliOutcome): string {
  if (o.signal) return `killed (${o.signal})`;
  if (o.code === 0) return 'exit 0';
  return `exit ${o.code}: ${failureLine(o.stderr)}`;
}
