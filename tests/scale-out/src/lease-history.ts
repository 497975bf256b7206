/** One row of `tidemark_lease_events`, in the order it was recorded. */
export interface LeaseEvent {
  table: string;
  stage: string;
  holder: string;
  token: number;
  /** granted | regranted | taken-over | renewed | released | revoked */
  event: string;
  /** Milliseconds since the epoch, on the watermark service's clock. */
  at: number;
  expiresAt: number;
}

/** The time one grant (one fencing token) kept its (table, stage). */
export interface LeaseInterval {
  table: string;
  stage: string;
  holder: string;
  token: number;
  from: number;
  /**
   * The expiry its last event set (the release time, or the last renewal's
   * expiry for a holder that died), or the time the next holder took it over
   * from a holder found dead (decision 0032).
   */
  until: number;
  released: boolean;
}

const GRANTS = new Set(['granted', 'regranted', 'taken-over']);
const groupKey = (e: { table: string; stage: string }) => `${e.table} (${e.stage})`;
const iso = (ms: number) => new Date(ms).toISOString();

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

/**
 * Every grant's interval, from the events of every table and stage. A grant
 * is a token and its holder: should one token ever be granted twice, each
 * holder gets its own interval.
 */
export function leaseIntervals(events: LeaseEvent[]): LeaseInterval[] {
  const byToken = groupBy(events, (e) => `${groupKey(e)} #${e.token} ${e.holder}`);
  // A grant taken over (the next grant is a takeover) ends at the takeover.
  const takenOverAt = (first: LeaseEvent): number | undefined => {
    const next = events
      .filter((e) => groupKey(e) === groupKey(first) && GRANTS.has(e.event) && e.token > first.token)
      .sort((a, b) => a.token - b.token)[0];
    return next?.event === 'taken-over' ? next.at : undefined;
  };
  return [...byToken.values()].map((own) => {
    const first = own[0];
    const last = own[own.length - 1];
    return {
      table: first.table,
      stage: first.stage,
      holder: first.holder,
      token: first.token,
      from: first.at,
      until: Math.min(last.expiresAt, takenOverAt(first) ?? Infinity),
      released: last.event === 'released',
    };
  });
}

/** Tokens recorded for one (table, stage): each grant a new, larger one; renewals and releases the current one. */
function tokenProblems(key: string, events: LeaseEvent[]): string[] {
  const problems: string[] = [];
  let current = 0;
  for (const e of events) {
    if (GRANTS.has(e.event) ? e.token <= current : e.token !== current) {
      problems.push(`${key}: ${e.event} with token ${e.token} by ${e.holder} at ${iso(e.at)} after token ${current}`);
    }
    if (GRANTS.has(e.event)) current = Math.max(current, e.token);
  }
  return problems;
}

/** Grants of one (table, stage) to different holders whose intervals overlap. */
function overlapProblems(key: string, intervals: LeaseInterval[]): string[] {
  const sorted = [...intervals].sort((a, b) => a.from - b.from);
  const problems: string[] = [];
  sorted.forEach((a, i) => {
    for (const b of sorted.slice(i + 1)) {
      if (b.from >= a.until) break;
      if (b.holder === a.holder) continue;
      problems.push(
        `${key}: ${a.holder} (token ${a.token}, ${iso(a.from)} to ${iso(a.until)}) overlaps ` +
          `${b.holder} (token ${b.token}, from ${iso(b.from)})`,
      );
    }
  });
  return problems;
}

/**
 * What in the lease history breaks "one holder at a time": grants whose
 * intervals overlap with another holder's, and fencing tokens that do not
 * increase. Empty when the history is sound.
 */
export function leaseHistoryProblems(events: LeaseEvent[]): string[] {
  const intervals = groupBy(leaseIntervals(events), groupKey);
  return [...groupBy(events, groupKey)].flatMap(([key, own]) => [
    ...tokenProblems(key, own),
    ...overlapProblems(key, intervals.get(key) ?? []),
  ]);
}
