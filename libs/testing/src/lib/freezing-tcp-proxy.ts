import { AddressInfo, connect, createServer, Server, Socket } from 'node:net';

/** Both ends of one proxied connection. */
interface Pair {
  client: Socket;
  upstream: Socket;
}

/**
 * A TCP proxy in front of a real server (MariaDB, PostgreSQL) that can
 * freeze: every connection stays open but no byte is forwarded either way,
 * and new connections are accepted and then left unanswered. That is what a
 * hung server or a silent network partition looks like to a client: no
 * error, no close, nothing.
 */
export class FreezingTcpProxy {
  private readonly pairs = new Set<Pair>();
  private frozen = false;

  private constructor(private readonly server: Server) {}

  static async start(target: { host: string; port: number }): Promise<FreezingTcpProxy> {
    const server = createServer();
    const proxy = new FreezingTcpProxy(server);
    server.on('connection', (client) => proxy.forward(client, target));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Stops every byte, both ways, on every connection, present and future. */
  freeze(): void {
    this.frozen = true;
    for (const { client, upstream } of this.pairs) {
      client.pause();
      upstream.pause();
    }
  }

  thaw(): void {
    this.frozen = false;
    for (const { client, upstream } of this.pairs) {
      client.resume();
      upstream.resume();
    }
  }

  /** Resets every open connection (the client reads ECONNRESET), as a restarted server or a firewall does; keeps listening. */
  cut(): void {
    for (const { client, upstream } of this.pairs) {
      client.resetAndDestroy();
      upstream.destroy();
    }
  }

  async close(): Promise<void> {
    for (const { client, upstream } of this.pairs) {
      client.destroy();
      upstream.destroy();
    }
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private forward(client: Socket, target: { host: string; port: number }): void {
    const upstream = connect(target.port, target.host);
    const pair = { client, upstream };
    this.pairs.add(pair);
    // Not pipe(): a piped source is resumed on 'drain', which would thaw a frozen connection.
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => client.write(chunk));
    if (this.frozen) {
      client.pause();
      upstream.pause();
    }
    const end = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end).on('end', end);
    upstream.on('close', end).on('error', end).on('end', end);
  }
}
