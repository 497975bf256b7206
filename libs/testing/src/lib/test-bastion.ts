import { AddressInfo, connect, createServer, Server as NetServer } from 'node:net';
import { pipeline } from 'node:stream';
import { Connection, ParsedKey, Server, utils } from 'ssh2';

export interface KeyPair {
  private: string;
  public: string;
}

/**
 * A fresh ed25519 key pair. ssh2's keygen writes about one pair in 256 that
 * its own parser rejects ("Malformed OpenSSH private key": a leading zero
 * byte of the public key is stripped, mscdex/ssh2#1513); such a pair is
 * drawn again rather than failing a test at random.
 */
export function generateKey(): KeyPair {
  for (;;) {
    const pair = utils.generateKeyPairSync('ed25519');
    if (!(utils.parseKey(pair.private) instanceof Error) && !(utils.parseKey(pair.public) instanceof Error))
      return pair;
  }
}

/** The SSH wire-format public key blob, as a host verifier sees it. */
export const publicKeyBlob = (publicKey: string): Buffer => (utils.parseKey(publicKey) as ParsedKey).getPublicSSH();

/**
 * An in-process SSH bastion on 127.0.0.1: accepts publickey auth for one user
 * and one key, and forwards direct-tcpip channels with node:net.
 */
export class TestBastion {
  readonly hostKey = generateKey();
  readonly clients = new Set<Connection>();
  /** How many clients authenticated, ever. */
  logins = 0;
  private readonly server: Server;

  private constructor(username: string, authorizedKey: string) {
    const allowed = utils.parseKey(authorizedKey) as ParsedKey;
    this.server = new Server({ hostKeys: [this.hostKey.private] }, (client) => {
      this.clients.add(client);
      client.on('close', () => this.clients.delete(client));
      client.on('error', () => client.end());
      client.on('authentication', (ctx) => {
        const keyMatches =
          ctx.method === 'publickey' && ctx.username === username && ctx.key.data.equals(allowed.getPublicSSH());
        if (!keyMatches) return ctx.reject(['publickey']);
        if (ctx.signature && ctx.blob && allowed.verify(ctx.blob, ctx.signature, ctx.hashAlgo) !== true)
          return ctx.reject(['publickey']);
        ctx.accept();
      });
      client.on('ready', () => this.logins++);
      client.on('tcpip', (accept, reject, info) => {
        const target = connect({ port: info.destPort, host: info.destIP, allowHalfOpen: true });
        const refuse = () => reject();
        target.once('error', refuse).once('connect', () => {
          target.off('error', refuse);
          const channel = accept();
          pipeline(channel, target, channel, () => target.destroy());
        });
      });
    });
  }

  static async start(username: string, authorizedKey: string): Promise<TestBastion> {
    const bastion = new TestBastion(username, authorizedKey);
    await new Promise<void>((resolve) => bastion.server.listen(0, '127.0.0.1', resolve));
    return bastion;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** A known_hosts line for this bastion's host key. */
  knownHostsLine(): string {
    return `[127.0.0.1]:${this.port} ${this.hostKey.public}`;
  }

  /** Ends every client connection from the server side, as a bastion restart would. */
  dropClients(): void {
    for (const client of this.clients) client.end();
  }

  async close(): Promise<void> {
    this.dropClients();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A TCP server on 127.0.0.1 that writes back what it reads. */
export async function startEchoServer(): Promise<NetServer> {
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    socket.on('error', () => socket.destroy());
    socket.pipe(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
