// What pg's lib/stream.js gives on Node.js, without its runtime probe: to tell Node from
// Cloudflare Workers it builds a `Response`, and on Node 20 the first use of that global loads
// undici, 37 ms and 9 MiB of every CLI start that talks to PostgreSQL (ADR 0053).
const net = require('net');
const tls = require('tls');

module.exports = {
  getStream: () => new net.Socket(),
  getSecureStream: (options) => tls.connect(options),
};
