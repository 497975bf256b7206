import { createServer, IncomingMessage, request, Server, ServerResponse } from 'node:http';
import { AddressInfo, Socket } from 'node:net';

/** What the proxy does to a request a rule matches, instead of forwarding it. */
export type S3Fault =
  /** Answers with an S3 error document and this HTTP status. */
  | { kind: 'status'; status: number }
  /** Never answers; after `dropAfterMs` closes the connection (as a load balancer's idle timeout does). */
  | { kind: 'stall'; dropAfterMs?: number };

export interface S3FaultRule {
  /** e.g. `PUT` of a key ending in `.parquet`. */
  method: string;
  key: RegExp;
  fault: S3Fault;
  /** How many matching requests get the fault; the ones after are forwarded. */
  times: number;
}

export interface ProxiedRequest {
  method: string;
  /** Path without the query string: `/<bucket>/<key>`. */
  path: string;
  /** `forwarded`, `status 500`, `stall`. */
  outcome: string;
  /** When it arrived (ms since the epoch). */
  at: number;
}

const errorDocument = (status: number) =>
  `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${status === 503 ? 'SlowDown' : 'InternalError'}</Code>` +
  `<Message>injected by the crash-matrix proxy</Message></Error>`;

/**
 * An HTTP proxy in front of a real S3 server that answers chosen requests
 * with an error status or never answers them, and forwards the rest
 * untouched (the Host header included, so signatures stay valid).
 */
export class S3FaultProxy {
  readonly requests: ProxiedRequest[] = [];
  private rules: (S3FaultRule & { used: number })[] = [];
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    private readonly upstream: URL,
  ) {
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async start(upstream: string): Promise<S3FaultProxy> {
    const server = createServer();
    const proxy = new S3FaultProxy(server, new URL(upstream));
    server.on('request', (req, res) => proxy.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  inject(rule: S3FaultRule): void {
    this.rules.push({ ...rule, used: 0 });
  }

  /** Forgets the rules and the requests seen: the next scenario starts clean. */
  reset(): void {
    this.rules = [];
    this.requests.length = 0;
  }

  /** The requests whose outcome starts with `outcome` (`status 500`, `stall`). */
  seen(outcome: string): ProxiedRequest[] {
    return this.requests.filter((r) => r.outcome.startsWith(outcome));
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0];
    const key = decodeURIComponent(path);
    const record = (outcome: string) => this.requests.push({ method: req.method ?? '', path, outcome, at: Date.now() });
    const rule = this.rules.find((r) => r.used < r.times && r.method === req.method && r.key.test(key));
    if (!rule) {
      record('forwarded');
      this.forward(req, res);
      return;
    }
    rule.used++;
    const { fault } = rule;
    if (fault.kind === 'status') {
      record(`status ${fault.status}`);
      // Read the body first: answering early would break the keep-alive connection.
      req.resume();
      req.on('end', () => {
        res.writeHead(fault.status, { 'content-type': 'application/xml' });
        res.end(errorDocument(fault.status));
      });
      return;
    }
    record('stall');
    req.resume();
    if (fault.dropAfterMs !== undefined) setTimeout(() => req.socket.destroy(), fault.dropAfterMs);
  }

  private forward(req: IncomingMessage, res: ServerResponse): void {
    const upstream = request(
      {
        hostname: this.upstream.hostname,
        port: this.upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => req.socket.destroy());
    req.pipe(upstream);
  }
}
