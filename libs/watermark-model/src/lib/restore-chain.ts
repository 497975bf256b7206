import { badInput } from '@tidemark/errors';
import { ManifestSummary } from './watermark-api';

export interface ChainEntry {
  id: string;
  createdAt: string;
  strategy: string;
  status: ManifestSummary['status'];
  filesDeletedAt?: string | null;
}

export interface ChainOptions {
  appendMode: boolean;
  /** times (ISO) of the table's `resync` history entries */
  resyncs: string[];
}

/** A list of manifests in registration order, with where each chain may start. */
interface Timeline {
  entries: ChainEntry[];
  /** Registration instants (ms), ascending. */
  at: number[];
  /** newestBase[i]: index of the newest base among entries 0..i (0 when none: the first manifest). */
  newestBase: number[];
}

function instant(iso: string, what: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw badInput(`${what} "${iso}" is not a time: give an ISO 8601 time such as 2026-01-31T12:00:00Z`);
  return ms;
}

/**
 * A base starts a chain: it replaces whatever the table held before. A
 * full_sync snapshot does (unless the table appends), and so does the first
 * manifest registered after a resync.
 */
function timeline(entries: ChainEntry[], opts: ChainOptions): Timeline {
  const dated = entries.map((e) => ({ e, at: instant(e.createdAt, `manifest ${e.id} createdAt`) }));
  dated.sort((a, b) => a.at - b.at); // stable: the store's own order breaks ties
  const resyncs = opts.resyncs.map((r) => instant(r, 'resync time'));
  const at = dated.map((d) => d.at);
  const newestBase: number[] = [];
  dated.forEach(({ e }, i) => {
    const snapshot = !opts.appendMode && e.strategy === 'full_sync';
    const firstAfterResync = resyncs.some((r) => r <= at[i] && (i === 0 || at[i - 1] < r));
    newestBase.push(snapshot || firstAfterResync ? i : i === 0 ? 0 : newestBase[i - 1]);
  });
  return { entries: dated.map((d) => d.e), at, newestBase };
}

/** How many of the timeline's entries were registered at or before `ms`. */
function countUpTo(t: Timeline, ms: number): number {
  let n = 0;
  while (n < t.at.length && t.at[n] <= ms) n++;
  return n;
}

/** Indexes [start, end) of the chain of the timeline's first `end` entries. */
function chainRange(t: Timeline, end: number): [number, number] {
  return end === 0 ? [0, 0] : [t.newestBase[end - 1], end];
}

const everLoadable = (e: ChainEntry) => e.status !== 'skipped';
const current = (e: ChainEntry) => e.status !== 'skipped' && e.status !== 'superseded';

/** The manifests a restore as of `asOf` loads, oldest first; without asOf, the table's current state (what a reload loads). */
export function restoreChain(entries: ChainEntry[], opts: ChainOptions, asOf?: string): ChainEntry[] {
  if (asOf === undefined) {
    const t = timeline(entries.filter(current), opts);
    return t.entries.slice(...chainRange(t, t.entries.length));
  }
  const t = timeline(entries.filter(everLoadable), opts);
  return t.entries.slice(...chainRange(t, countUpTo(t, instant(asOf, 'restore time'))));
}

/** The oldest time a restore can reach with every needed manifest's files present; null when none. `missing` = ids whose files are gone. */
export function oldestRestorablePoint(
  entries: ChainEntry[],
  opts: ChainOptions,
  missing: ReadonlySet<string>,
): string | null {
  const t = timeline(entries.filter(everLoadable), opts);
  // missingBefore[i]: how many of entries 0..i-1 lost their files.
  const missingBefore = [0];
  t.entries.forEach((e, i) => missingBefore.push(missingBefore[i] + (missing.has(e.id) ? 1 : 0)));
  for (let end = 1; end <= t.entries.length; end++) {
    // A restore point takes in every manifest registered at the same instant.
    if (end < t.entries.length && t.at[end] === t.at[end - 1]) continue;
    const [start] = chainRange(t, end);
    if (missingBefore[end] - missingBefore[start] === 0) return t.entries[end - 1].createdAt;
  }
  return null;
}

/** Ids of the manifests whose files must be kept so that every point since `since` (and the current state) stays restorable. */
export function neededSince(entries: ChainEntry[], opts: ChainOptions, since: string): Set<string> {
  const t = timeline(entries.filter(everLoadable), opts);
  // Chains only move forward: the one in effect at `since` starts earliest of all the window's.
  const atSince = countUpTo(t, instant(since, 'retention start'));
  const [start] = chainRange(t, atSince === 0 ? Math.min(1, t.entries.length) : atSince);
  const needed = new Set(t.entries.slice(start).map((e) => e.id));
  for (const e of restoreChain(entries, opts)) needed.add(e.id);
  return needed;
}
