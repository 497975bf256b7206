import { TidemarkError } from '@tidemark/errors';
import type { Client } from 'ssh2';
import { sha256Fingerprint, trustsHostKey } from './host-key';
import { SshSettings } from './ssh-tunnel-options';
import { ssh2 } from './ssh2-module';

type Ssh2Error = Error & { level?: string };

/** ssh2 error levels that a later attempt may not hit again. */
const TRANSIENT_LEVELS = ['client-socket', 'client-timeout', 'client-dns'];

/**
 * An authenticated SSH client for the bastion, or a TidemarkError('TUNNEL')
 * that says what went wrong: unreachable, untrusted host key, key refused.
 */
export async function connectSsh(s: SshSettings): Promise<Client> {
  const where = `${s.host}:${s.port}`;
  const { Client } = await ssh2();
  return new Promise((resolve, reject) => {
    const client = new Client();
    let untrustedKey: string | undefined;
    const fail = (error: Ssh2Error) => {
      client.end();
      reject(new TidemarkError('TUNNEL', describe(error), { cause: error }));
    };
    const describe = (error: Ssh2Error) => {
      if (untrustedKey) return `host key ${untrustedKey} of ${where} is not trusted: add it to knownHosts or set hostKeyFingerprint`;
      if (error.level === 'client-authentication') return `SSH authentication as ${s.username}@${where} failed: the bastion refused the private key`;
      if (error.level === 'client-timeout') return `SSH bastion ${where} did not finish the handshake within ${s.readyTimeoutMs} ms`;
      return `cannot reach SSH bastion ${where}: ${error.message}`;
    };
    // Errors after 'ready' end in 'close', which the tunnel watches; reject is then a no-op.
    client.on('error', fail);
    client.once('close', () => fail(Object.assign(new Error('connection closed during the handshake'), { level: 'client-socket' })));
    client.once('ready', () => resolve(client));
    client.connect({
      host: s.host,
      port: s.port,
      username: s.username,
      privateKey: s.privateKey,
      passphrase: s.passphrase,
      keepaliveInterval: s.keepaliveIntervalMs,
      readyTimeout: s.readyTimeoutMs,
      hostVerifier: (key: Buffer) => {
        if (trustsHostKey(s, s.host, s.port, key)) return true;
        untrustedKey = sha256Fingerprint(key);
        return false;
      },
    });
  });
}

/** True for connectSsh failures worth retrying (network, timeout), false for trust and auth failures. */
export function isTransientSshError(error: unknown): boolean {
  const cause = error instanceof TidemarkError ? (error.cause as Ssh2Error | undefined) : undefined;
  return TRANSIENT_LEVELS.includes(cause?.level ?? '');
}
