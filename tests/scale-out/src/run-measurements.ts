import { LeaseEvent } from './lease-history';
import { LogTally } from './service-log-tally';
import { WriterSummary } from './writer/writer-plan';

export interface QuietPass {
  seconds: number;
  rows: number;
}

/** What the scale-out run measured; printed so docs/scaling.md can quote real numbers. */
export interface RunMeasurements {
  /** From the replicas' start to the writer's end. */
  live: { from: number; until: number };
  writer?: WriterSummary;
  tally?: LogTally;
  events?: LeaseEvent[];
  manifests?: Record<string, { manifests: number; rows: number }>;
  storeRows?: Record<string, number>;
  quietExtract?: QuietPass;
  quietLoad?: QuietPass;
}

/** Lease grants of one stage during the live window: each one a table run that got to work. */
function stageLine(m: RunMeasurements, stage: string): string {
  const minutes = (m.live.until - m.live.from) / 60_000;
  const grants = (m.events ?? []).filter(
    (e) => e.stage === stage && e.event !== 'renewed' && e.event !== 'released' && e.at >= m.live.from && e.at <= m.live.until,
  );
  const holders = new Set(grants.map((e) => e.holder)).size;
  const holdersByTable = new Map<string, Set<string>>();
  for (const g of grants) holdersByTable.set(g.table, (holdersByTable.get(g.table) ?? new Set()).add(g.holder));
  const changedHands = [...holdersByTable.values()].filter((h) => h.size > 1).length;
  return (
    `${stage}: ${grants.length} table runs by ${holders} holders = ${Math.round(grants.length / minutes)} tables/minute; ` +
    `${changedHands} of ${holdersByTable.size} tables worked by more than one holder`
  );
}

export function measurementReport(m: RunMeasurements): string {
  const w = m.writer;
  const t = m.tally;
  const pass = (p?: QuietPass) => (p ? `${p.rows} rows in ${p.seconds.toFixed(1)} s` : 'not run');
  return [
    `scale-out run: live for ${((m.live.until - m.live.from) / 1000).toFixed(0)} s`,
    w ? `writer: ${w.inserted} inserted + ${w.updated} updated in ${w.seconds.toFixed(1)} s = ${w.rowsPerSecond} rows/s` : 'writer: no summary',
    stageLine(m, 'extract'),
    stageLine(m, 'load'),
    t
      ? `scheduled runs: ${t.leaseConflicts} lease conflicts (table skipped), ${t.staleTokens} stale fencing tokens, ` +
        `${t.stopped} stopped, ${t.internalErrors} internal errors, ${t.otherFailures.length} other failures`
      : 'no service logs',
    ...(t?.otherFailures.slice(0, 10).map((f) => `  ${f}`) ?? []),
    `manifests: ${JSON.stringify(m.manifests ?? {})}`,
    `watermark store rows: ${JSON.stringify(m.storeRows ?? {})}`,
    `final quiet sync: extract ${pass(m.quietExtract)}, load ${pass(m.quietLoad)}`,
  ].join('\n');
}
