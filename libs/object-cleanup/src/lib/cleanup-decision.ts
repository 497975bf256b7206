import { TableObject } from './object-status';

/** Why an object goes or stays. */
export const CLEANUP_REASONS = [
  'deleted',
  'kept-pending',
  'kept-newer-than-threshold',
  'kept-restorable',
  'kept-not-matching-pattern',
] as const;
export type CleanupReason = (typeof CLEANUP_REASONS)[number];

export interface CleanupRules {
  now: Date;
  /** Only objects last modified longer ago than this go. */
  olderThanMs: number;
  matches: (relativeKey: string) => boolean;
  /** Also delete files of manifests that are not loaded yet. */
  force: boolean;
  /** Manifests a reload or a restore in the retention window needs (`--keep-restorable`); null keeps none for restore. */
  restoreNeeds: ReadonlySet<string> | null;
}

export interface CleanupDecision extends TableObject {
  reason: CleanupReason;
}

export type CleanupSummary = Record<CleanupReason, { objects: number; bytes: number }>;

/**
 * The first reason to keep an object wins: the pattern, then a pending
 * manifest, then its age, then a restore that needs it (so `kept-restorable`
 * counts what retention alone saves).
 */
function reasonFor(o: TableObject, rules: CleanupRules): CleanupReason {
  if (!rules.matches(o.relativeKey)) return 'kept-not-matching-pattern';
  // A skipped manifest may be retried: its files stay like a pending one's.
  if ((o.status === 'pending' || o.status === 'skipped') && !rules.force) return 'kept-pending';
  if (rules.now.getTime() - o.lastModified.getTime() <= rules.olderThanMs) return 'kept-newer-than-threshold';
  if (o.manifestId !== null && rules.restoreNeeds?.has(o.manifestId)) return 'kept-restorable';
  return 'deleted';
}

/** Which objects a clean removes and why each other one stays. */
export function decideCleanup(objects: TableObject[], rules: CleanupRules): CleanupDecision[] {
  return objects.map((o) => ({ ...o, reason: reasonFor(o, rules) }));
}

export function emptySummary(): CleanupSummary {
  return Object.fromEntries(CLEANUP_REASONS.map((r) => [r, { objects: 0, bytes: 0 }])) as CleanupSummary;
}

export function summarizeDecisions(decisions: CleanupDecision[]): CleanupSummary {
  const summary = emptySummary();
  for (const d of decisions) {
    summary[d.reason].objects++;
    summary[d.reason].bytes += d.bytes;
  }
  return summary;
}

export function addSummaries(summaries: CleanupSummary[]): CleanupSummary {
  const total = emptySummary();
  for (const s of summaries) {
    for (const r of CLEANUP_REASONS) {
      total[r].objects += s[r].objects;
      total[r].bytes += s[r].bytes;
    }
  }
  return total;
}
