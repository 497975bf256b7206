import { AddressInfo, createServer, Server, Socket } from 'node:net';
import { pipeline } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { TidemarkError } from '@tidemark/errors';
import type { Client, ClientChannel } from 'ssh2';
import { connectSsh, isTransientSshError } from './ssh-connect';
import { SshSettings, sshSettings, SshTunnelOptions } from './ssh-tunnel-options';

/** Attempts to re-establish a dropped SSH connection, waiting 250, 500, 1000 ms between them. */
const RECONNECT_ATTEMPTS = 4;
const RECONNECT_BACKOFF_MS = 250;

/**
 * A local port on 127.0.0.1 whose connections are forwarded through an SSH
 * bastion to targetHost:targetPort. If the SSH connection drops, its
 * forwarded sockets are destroyed and the next local connection reconnects.
 */
export class SshTunnel {
  readonly localHost = '127.0.0.1' as const;
  private port = 0;
  private client: Client | null = null;
  private connecting: Promise<Client> | null = null;
  private readonly sockets = new Set<Socket>();
  private closed = false;

  private constructor(
    private readonly settings: SshSettings,
    private readonly options: SshTunnelOptions,
    private readonly server: Server,
  ) {
    server.on('connection', (socket) => this.forward(socket));
  }

  static async open(options: SshTunnelOptions): Promise<SshTunnel> {
    const settings = await sshSettings(options);
    // Half-open: a client that shuts down its writing side still reads the reply.
    const tunnel = new SshTunnel(settings, options, createServer({ allowHalfOpen: true }));
    tunnel.adopt(await connectSsh(settings));
    try {
      await new Promise<void>((resolve, reject) => tunnel.server.once('error', reject).listen(0, tunnel.localHost, resolve));
    } catch (error) {
      await tunnel.close();
      throw new TidemarkError('TUNNEL', `SSH tunnel cannot listen on ${tunnel.localHost}: ${(error as Error).message}`, { cause: error });
    }
    tunnel.port = (tunnel.server.address() as AddressInfo).port;
    return tunnel;
  }

  get localPort(): number {
    return this.port;
  }

  /** Stops listening, destroys forwarded sockets and ends the SSH connection. */
  async close(): Promise<void> {
    this.closed = true;
    const stopped = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.client?.end();
    this.client = null;
    await stopped;
  }

  private forward(local: Socket): void {
    this.sockets.add(local);
    local.once('close', () => this.sockets.delete(local));
    local.on('error', () => local.destroy());
    this.sshClient()
      .then((client) => (local.destroyed ? undefined : this.openChannel(client, local)))
      .then((channel) => channel && pipeline(local, channel, local, () => channel.destroy()))
      .catch((error: Error) => {
        local.destroy();
        this.options.onError?.(error);
      });
  }

  private openChannel(client: Client, local: Socket): Promise<ClientChannel> {
    const { targetHost, targetPort } = this.options;
    return new Promise((resolve, reject) =>
      client.forwardOut(local.remoteAddress ?? this.localHost, local.remotePort ?? 0, targetHost, targetPort, (error, channel) =>
        error
          ? reject(new TidemarkError('TUNNEL', `SSH bastion ${this.settings.host}:${this.settings.port} cannot open a channel to ${targetHost}:${targetPort}: ${error.message}`, { cause: error }))
          : resolve(channel),
      ),
    );
  }

  /** The live SSH client, reconnecting (once, shared by all waiting sockets) if it dropped. */
  private sshClient(): Promise<Client> {
    if (this.closed) return Promise.reject(new TidemarkError('TUNNEL', 'SSH tunnel is closed'));
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= this.reconnect().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async reconnect(): Promise<Client> {
    for (let attempt = 1; ; attempt++) {
      try {
        const client = await connectSsh(this.settings);
        if (this.closed) {
          client.end();
          throw new TidemarkError('TUNNEL', 'SSH tunnel is closed');
        }
        return this.adopt(client);
      } catch (error) {
        if (this.closed || attempt >= RECONNECT_ATTEMPTS || !isTransientSshError(error)) throw error;
        await sleep(RECONNECT_BACKOFF_MS * 2 ** (attempt - 1));
      }
    }
  }

  private adopt(client: Client): Client {
    this.client = client;
    client.once('close', () => {
      if (this.client !== client) return;
      this.client = null;
      for (const socket of this.sockets) socket.destroy();
    });
    return client;
  }
}
