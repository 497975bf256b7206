import { readFileSync } from 'node:fs';
import { TidemarkError } from '@tidemark/errors';
import { HostKeyPolicy } from './host-key';
import { ssh2 } from './ssh2-module';

export interface SshTunnelOptions extends HostKeyPolicy {
  /** The bastion. */
  host: string;
  /** Default 22. */
  port?: number;
  username: string;
  /** Private key contents (OpenSSH or PEM); or give privateKeyPath. */
  privateKey?: string | Buffer;
  privateKeyPath?: string;
  passphrase?: string;
  /** Where the tunnel leads from the bastion. */
  targetHost: string;
  targetPort: number;
  /** SSH keepalive; default 15000, 0 turns it off. */
  keepaliveIntervalMs?: number;
  /** How long the SSH handshake and authentication may take; default 20000. */
  readyTimeoutMs?: number;
  /** Told about failures of single forwarded connections (reconnect failed, channel refused). */
  onError?: (error: Error) => void;
}

/** Options with defaults applied and the private key read and checked. */
export interface SshSettings extends HostKeyPolicy {
  host: string;
  port: number;
  username: string;
  privateKey: Buffer;
  passphrase?: string;
  keepaliveIntervalMs: number;
  readyTimeoutMs: number;
}

export async function sshSettings(o: SshTunnelOptions): Promise<SshSettings> {
  const port = o.port ?? 22;
  const where = `SSH tunnel via ${o.username}@${o.host}:${port}`;
  if (!o.insecureSkipHostKeyCheck && !o.knownHosts && !o.hostKeyFingerprint) {
    throw new TidemarkError('CONFIG', `${where}: set knownHosts or hostKeyFingerprint (or insecureSkipHostKeyCheck) so the bastion's host key can be checked`);
  }
  return {
    host: o.host,
    port,
    username: o.username,
    privateKey: await readPrivateKey(o, where),
    passphrase: o.passphrase,
    knownHosts: o.knownHosts,
    hostKeyFingerprint: o.hostKeyFingerprint,
    insecureSkipHostKeyCheck: o.insecureSkipHostKeyCheck,
    keepaliveIntervalMs: o.keepaliveIntervalMs ?? 15_000,
    readyTimeoutMs: o.readyTimeoutMs ?? 20_000,
  };
}

async function readPrivateKey(o: SshTunnelOptions, where: string): Promise<Buffer> {
  const source = o.privateKey !== undefined ? 'privateKey' : o.privateKeyPath;
  if (!source) throw new TidemarkError('CONFIG', `${where}: set privateKey or privateKeyPath`);
  let key: Buffer;
  try {
    key = o.privateKey !== undefined ? Buffer.from(o.privateKey) : readFileSync(source);
  } catch (error) {
    throw new TidemarkError('CONFIG', `${where}: cannot read private key ${source}: ${(error as Error).message}`, { cause: error });
  }
  const parsed = (await ssh2()).utils.parseKey(key, o.passphrase);
  if (parsed instanceof Error) {
    throw new TidemarkError('CONFIG', `${where}: private key ${source} is not usable: ${parsed.message}`, { cause: parsed });
  }
  return key;
}
