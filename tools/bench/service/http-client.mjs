// A keep-alive JSON client: the requests libs/watermark-client sends, over
// node:http with one Agent (a socket per request in flight, reused).
import { Agent, request } from 'node:http';

export class KeepAliveClient {
  constructor(baseUrl, token, sockets) {
    this.url = new URL(baseUrl);
    this.agent = new Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
    this.headers = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
  }

  /** { status, body } of one request; the body parsed when it is JSON. */
  send(method, path, body) {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers = payload === undefined ? this.headers : { ...this.headers, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) };
    return new Promise((resolve, reject) => {
      const req = request({ host: this.url.hostname, port: this.url.port, method, path, headers, agent: this.agent }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode, body: text && res.headers['content-type']?.includes('json') ? JSON.parse(text) : text });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
  }

  close() {
    this.agent.destroy();
  }
}

/**
 * A keep-alive client per replica of the service: worker w sends through
 * replica w mod n, the even spread a load balancer gives. `sent` counts the
 * requests each replica was sent.
 */
export class ReplicaClients {
  constructor(urls, token, sockets) {
    const clients = urls.map((url) => new KeepAliveClient(url, token, Math.ceil(sockets / urls.length)));
    this.sent = urls.map(() => 0);
    this.counted = clients.map((client, i) => ({ send: (...request) => (this.sent[i]++, client.send(...request)) }));
    this.close = () => clients.forEach((client) => client.close());
  }

  /** The client worker `worker` sends through. */
  of(worker) {
    return this.counted[worker % this.counted.length];
  }
}
