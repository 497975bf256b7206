// CPU seconds of the PostgreSQL backends serving the service's store, read
// from /proc: a statement saved is CPU saved in PostgreSQL as much as in the
// service, and both share the same cores. The backends are found by the
// service's own sockets: the local ports of its TCP connections are the
// client ports PostgreSQL lists for them.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function cpuSecondsOf(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0; // the backend ended (its connection closed) since it was listed
  }
}

/** The local ports of process `pid`'s TCP sockets (IPv4 and IPv6). */
function localPortsOf(pid) {
  const inodes = new Set();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      if (target.startsWith('socket:[')) inodes.add(target.slice(8, -1));
    } catch {
      // closed while listed
    }
  }
  const ports = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length > 9 && inodes.has(fields[9])) ports.push(parseInt(fields[1].split(':').pop(), 16));
    }
  }
  return ports;
}

/** The backends connected from the service's processes (`servicePids`), and their CPU seconds so far. */
export async function storeBackendsCpu(pg, servicePids) {
  const { rows } = await pg.query('SELECT pid FROM pg_stat_activity WHERE client_port = ANY($1::int[])', [
    servicePids.flatMap(localPortsOf),
  ]);
  return new Map(rows.map(({ pid }) => [pid, cpuSecondsOf(pid)]));
}

/** CPU seconds the service's backends spent since `before` (a backend new since then counts whole). */
export async function storeCpuSecondsSince(pg, servicePids, before) {
  const now = await storeBackendsCpu(pg, servicePids);
  let seconds = 0;
  for (const [pid, cpu] of now) seconds += cpu - (before.get(pid) ?? 0);
  return seconds;
}
