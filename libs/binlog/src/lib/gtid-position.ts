/**
 * A MariaDB GTID position (`domain-server-seq` per replication domain, comma
 * separated) after the transaction `gtid` (`domain-server-seq`) committed:
 * that domain's entry becomes `gtid`, the others stay. Sequence numbers are
 * never compared or parsed as numbers (they run to 2^64).
 */
export function gtidPositionAfter(position: string, gtid: string): string {
  const domainOf = (entry: string) => entry.split('-')[0];
  const domain = domainOf(gtid);
  const entries = position.split(',').map((e) => e.trim()).filter((e) => e !== '');
  const kept = entries.filter((e) => domainOf(e) !== domain);
  return [...kept, gtid].sort((a, b) => Number(domainOf(a)) - Number(domainOf(b))).join(',');
}
