import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** The first port of the kernel's ephemeral range (`ip_local_port_range`), from which port-0 listeners and outgoing connections take theirs. */
function ephemeralRangeStart(): number {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || 32768;
  } catch {
    return 32768;
  }
}

async function canListen(port: number): Promise<boolean> {
  const server = createServer();
  const listening = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => resolve(true));
  });
  if (listening) await once(server.close(), 'close');
  return listening;
}

/**
 * A loopback port that nothing listens on and nothing will take while a test
 * relies on it being closed: it lies below the ephemeral range, so no other
 * suite's port-0 listener or outgoing connection is given it. (A port-0
 * pick did get taken: a "closed" warehouse port once answered and hung up.)
 */
export async function closedPort(): Promise<number> {
  const below = ephemeralRangeStart();
  for (;;) {
    const port = 10_000 + Math.floor(Math.random() * (below - 10_000));
    if (await canListen(port)) return port;
  }
}
