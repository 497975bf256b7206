import { SshTunnel } from '@tidemark/tunnel';

type Bastion = Omit<Parameters<typeof SshTunnel.open>[0], 'targetHost' | 'targetPort'>;

/** Where a connection through a tunnel really goes, as its errors name it. */
export interface TunnelledAddress {
  /** The tunnel's local end, to connect to. */
  host: string;
  port: number;
  /** The server behind the bastion, for messages. */
  address: string;
}

/**
 * Opens an SSH tunnel to `target` through the bastion and connects through
 * it; a connection that fails closes the tunnel, so nothing is left open.
 */
export async function throughBastion<T>(
  bastion: Bastion,
  target: { host: string; port: number; label?: string },
  connect: (local: TunnelledAddress) => Promise<T>,
): Promise<{ connected: T; tunnel: SshTunnel }> {
  const tunnel = await SshTunnel.open({ ...bastion, targetHost: target.host, targetPort: target.port });
  const address = `${target.label ?? `${target.host}:${target.port}`} through SSH bastion ${bastion.host}:${bastion.port ?? 22}`;
  try {
    return { connected: await connect({ host: tunnel.localHost, port: tunnel.localPort, address }), tunnel };
  } catch (error) {
    await tunnel.close();
    throw error;
  }
}
