import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { AddressInfo, connect, createServer, Server, Socket } from 'node:net';
import { join } from 'node:path';
import { once } from 'node:events';
import { createConnection } from 'mysql2/promise';
import { TidemarkError } from '@tidemark/errors';
import { closedPort, makeTempDir, MYSQL, waitUntil } from '@tidemark/testing';
import { sha256Fingerprint } from './host-key';
import { SshTunnel } from './ssh-tunnel';
import { SshTunnelOptions } from './ssh-tunnel-options';
import { generateKey, publicKeyBlob, startEchoServer, TestBastion } from '@tidemark/testing';

const USER = 'deploy';
const userKey = generateKey();
let bastion: TestBastion;
let echo: Server;
const tunnels: SshTunnel[] = [];

beforeAll(async () => {
  bastion = await TestBastion.start(USER, userKey.public);
  echo = await startEchoServer();
});

afterEach(async () => {
  await Promise.all(tunnels.splice(0).map((t) => t.close()));
});

afterAll(async () => {
  await bastion.close();
  echo.close();
});

function options(overrides: Partial<SshTunnelOptions> = {}): SshTunnelOptions {
  return {
    host: '127.0.0.1',
    port: bastion.port,
    username: USER,
    privateKey: userKey.private,
    knownHosts: bastion.knownHostsLine(),
    targetHost: '127.0.0.1',
    targetPort: (echo.address() as AddressInfo).port,
    ...overrides,
  };
}

async function open(overrides: Partial<SshTunnelOptions> = {}): Promise<SshTunnel> {
  const tunnel = await SshTunnel.open(options(overrides));
  tunnels.push(tunnel);
  return tunnel;
}

async function connected(port: number): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  return socket;
}

/** Sends `data` through the tunnel to the echo server and returns what came back. */
async function roundTrip(tunnel: SshTunnel, data: string): Promise<string> {
  const socket = await connected(tunnel.localPort);
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  socket.end(data);
  await once(socket, 'end');
  return Buffer.concat(chunks).toString();
}

async function openError(overrides: Partial<SshTunnelOptions>): Promise<TidemarkError> {
  const error = await SshTunnel.open(options(overrides)).then(
    (tunnel) => (tunnels.push(tunnel), new Error('the tunnel opened')),
    (e: Error) => e,
  );
  expect(error).toBeInstanceOf(TidemarkError);
  return error as TidemarkError;
}

describe('SshTunnel', () => {
  it('forwards local connections through the bastion with key auth and a known_hosts entry', async () => {
    const tunnel = await open();
    expect(tunnel.localHost).toBe('127.0.0.1');
    expect(tunnel.localPort).toBeGreaterThan(0);
    const [a, b] = await Promise.all([roundTrip(tunnel, 'hello'), roundTrip(tunnel, 'bastion')]);
    expect([a, b]).toEqual(['hello', 'bastion']);
  });

  it('reads the private key from privateKeyPath and trusts a SHA256 host key fingerprint', async () => {
    const dir = makeTempDir('tidemark-tunnel-');
    const keyPath = join(dir.path, 'id_ed25519');
    writeFileSync(keyPath, userKey.private);
    const fingerprint = sha256Fingerprint(publicKeyBlob(bastion.hostKey.public));
    const tunnel = await open({
      privateKey: undefined,
      privateKeyPath: keyPath,
      knownHosts: undefined,
      hostKeyFingerprint: fingerprint,
    });
    expect(await roundTrip(tunnel, 'by fingerprint')).toBe('by fingerprint');
    dir.remove();
  });

  it('runs a MariaDB query through the tunnel', async () => {
    const tunnel = await open({ targetHost: MYSQL.host, targetPort: MYSQL.port });
    const db = await createConnection({
      host: tunnel.localHost,
      port: tunnel.localPort,
      user: MYSQL.user,
      password: MYSQL.password,
    });
    try {
      const [rows] = await db.query('SELECT 1+1 AS two');
      expect(rows).toEqual([{ two: 2 }]);
    } finally {
      await db.end();
    }
  });

  it('refuses a host key whose fingerprint does not match, naming host and presented fingerprint', async () => {
    const presented = sha256Fingerprint(publicKeyBlob(bastion.hostKey.public));
    const other = sha256Fingerprint(publicKeyBlob(generateKey().public));
    const error = await openError({ knownHosts: undefined, hostKeyFingerprint: other });
    expect(error.code).toBe('TUNNEL');
    expect(error.message).toBe(
      `host key ${presented} of 127.0.0.1:${bastion.port} is not trusted: add it to knownHosts or set hostKeyFingerprint`,
    );
  });

  it('refuses a host key that knownHosts does not list for that host and port', async () => {
    const otherKey = generateKey().public;
    const knownHosts = [
      `[127.0.0.1]:${bastion.port} ${otherKey}`, // another key for this bastion
      `127.0.0.1 ${bastion.hostKey.public}`, // the right key, but for port 22
    ].join('\n');
    const error = await openError({ knownHosts });
    expect(error.message).toMatch(
      /^host key SHA256:\S+ of 127\.0\.0\.1:\d+ is not trusted: add it to knownHosts or set hostKeyFingerprint$/,
    );
  });

  it('connects to any host key with insecureSkipHostKeyCheck', async () => {
    const tunnel = await open({ knownHosts: undefined, insecureSkipHostKeyCheck: true });
    expect(await roundTrip(tunnel, 'unchecked')).toBe('unchecked');
  });

  it('reports a private key the bastion refuses, naming user@host', async () => {
    const error = await openError({ privateKey: generateKey().private });
    expect(error.code).toBe('TUNNEL');
    expect(error.message).toBe(
      `SSH authentication as ${USER}@127.0.0.1:${bastion.port} failed: the bastion refused the private key`,
    );
  });

  it('rejects options without a host key check or a private key', async () => {
    await expect(SshTunnel.open(options({ knownHosts: undefined }))).rejects.toThrow(
      /set knownHosts or hostKeyFingerprint \(or insecureSkipHostKeyCheck\)/,
    );
    await expect(SshTunnel.open(options({ privateKey: undefined }))).rejects.toThrow(
      /set privateKey or privateKeyPath/,
    );
    await expect(SshTunnel.open(options({ privateKey: 'not a key' }))).rejects.toThrow(
      /private key privateKey is not usable/,
    );
  });

  it('reports an unreachable bastion', async () => {
    const port = await closedPort();
    const error = await openError({ port });
    expect(error.message).toMatch(new RegExp(`^cannot reach SSH bastion 127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`));
  });

  it('reconnects on the next local connection after the bastion dropped the SSH connection', async () => {
    const tunnel = await open();
    const logins = bastion.logins;
    const socket = await connected(tunnel.localPort);
    socket.write('before');
    await once(socket, 'data');

    const closed = once(socket, 'close');
    bastion.dropClients();
    await closed; // forwarded sockets of the dropped connection are destroyed

    expect(await roundTrip(tunnel, 'after')).toBe('after');
    expect(bastion.logins).toBe(logins + 1);
  });

  it('gives up reconnecting after bounded retries when the bastion is gone, and tells onError', async () => {
    const gone = await TestBastion.start(USER, userKey.public);
    const errors: Error[] = [];
    const tunnel = await open({ port: gone.port, knownHosts: gone.knownHostsLine(), onError: (e) => errors.push(e) });
    await gone.close();
    const socket = await connected(tunnel.localPort);
    socket.on('error', () => undefined);
    await once(socket, 'close');
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/^cannot reach SSH bastion 127\.0\.0\.1:\d+: .*ECONNREFUSED/),
    ]);
  });

  it('close() frees the local port and ends the SSH connection', async () => {
    const before = bastion.logins;
    const tunnel = await SshTunnel.open(options());
    const port = tunnel.localPort;
    expect(await roundTrip(tunnel, 'x')).toBe('x');
    expect(bastion.logins).toBe(before + 1);
    const forwarded = await connected(port);
    await tunnel.close();

    await once(forwarded, 'close');
    expect(await waitUntil(() => bastion.clients.size === 0, 10_000, 50)).toBe(true);
    const refused = connect(port, '127.0.0.1');
    const [error] = await once(refused, 'error');
    expect((error as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
    const again = createServer();
    await new Promise<void>((resolve, reject) => again.once('error', reject).listen(port, '127.0.0.1', resolve));
    again.close();
  });

  it('measures throughput: 64 MiB to the echo server and back', async () => {
    const tunnel = await open();
    const total = 64 * 1024 * 1024;
    const chunk = Buffer.alloc(1024 * 1024, 'tidemark ');
    const sent = createHash('sha256');
    const received = createHash('sha256');
    let receivedBytes = 0;

    const started = process.hrtime.bigint();
    const socket = await connected(tunnel.localPort);
    socket.on('data', (data: Buffer) => {
      receivedBytes += data.length;
      received.update(data);
    });
    const ended = once(socket, 'end');
    for (let written = 0; written < total; written += chunk.length) {
      sent.update(chunk);
      if (!socket.write(chunk)) await once(socket, 'drain');
    }
    socket.end();
    await ended;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;

    expect(receivedBytes).toBe(total);
    expect(received.digest('hex')).toBe(sent.digest('hex'));
    const mibPerSecond = 64 / seconds;
    console.log(
      `SSH tunnel throughput: 64 MiB each way through the bastion and back in ${seconds.toFixed(2)} s = ${mibPerSecond.toFixed(1)} MiB/s per direction`,
    );
  });
});
