/**
 * `<!-- example: KIND (REASON) -->` on the line before a fence tells the
 * harness how to treat that block:
 * - `not run (REASON)`: it needs what cannot run here (Redshift, Kubernetes,
 *   docker…); it is listed in the harness output with its reason.
 * - `synopsis`: a usage line with placeholders; each command and option it
 *   names must exist in the CLI's `--help`.
 * - `fragment (REASON)`: a YAML piece of a file, not a whole file; it is
 *   only parsed.
 */
export const MARK_KINDS = ['not run', 'synopsis', 'fragment'] as const;
export type MarkKind = (typeof MARK_KINDS)[number];

export interface ExampleMark {
  /** Line of the comment in its doc, from 1. */
  line: number;
  kind: string;
  reason: string;
}

const MARK = /^\s*<!--\s*example:\s*(.*?)\s*-->\s*$/;
const KIND_AND_REASON = /^([^(]*?)\s*(?:\((.*)\))?$/;

export function parseMarkLine(text: string, line: number): ExampleMark | undefined {
  const mark = MARK.exec(text);
  if (!mark) return undefined;
  const [, kind, reason] = KIND_AND_REASON.exec(mark[1]) ?? [];
  return { line, kind: (kind ?? mark[1]).trim(), reason: (reason ?? '').trim() };
}

export function isMarkKind(kind: string): kind is MarkKind {
  return (MARK_KINDS as readonly string[]).includes(kind);
}

/** What is wrong with a mark, or undefined. */
export function markProblem(mark: ExampleMark): string | undefined {
  if (!isMarkKind(mark.kind)) {
    return `unknown example mark "${mark.kind}": use ${MARK_KINDS.map((k) => `"${k}"`).join(', ')}`;
  }
  if (mark.kind !== 'synopsis' && mark.reason === '') {
    return `an "${mark.kind}" mark needs its reason in parentheses, e.g. <!-- example: ${mark.kind} (needs Redshift) -->`;
  }
  return undefined;
}
