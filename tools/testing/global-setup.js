// Jest global setup: the tests run against real servers. MariaDB and
// PostgreSQL must answer (CI and the README start them); this checkout's S3
// server (its own ports and data dir, tools/s3-server/checkout.sh) is started
// here if it is not already running, and its address exported to the workers.
// A TIDEMARK_S3_ENDPOINT already set is used as it is.
// The apps are built here once, before any suite runs, and named in
// TIDEMARK_TEST_BUILT_APPS, so that no suite rebuilds dist/ while another
// starts a process from it (buildApps in libs/testing).
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');
const net = require('node:net');

function reachable(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port, timeout: 2000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

const APPS = ['cli', 'extractor', 'loader', 'watermark-service'];

function buildApps() {
  try {
    execFileSync('npx', ['nx', 'run-many', '-t', 'build', '-p', ...APPS, '--outputStyle=static'], {
      cwd: join(__dirname, '..', '..'),
      encoding: 'utf8',
      stdio: 'pipe',
    });
  } catch (error) {
    throw new Error(`building ${APPS.join(', ')} failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`);
  }
  process.env.TIDEMARK_TEST_BUILT_APPS = APPS.join(',');
}

module.exports = async function globalSetup() {
  for (const [name, port] of [['MariaDB', 3306], ['PostgreSQL', 5432]]) {
    if (!(await reachable(port))) {
      throw new Error(`${name} is not answering on 127.0.0.1:${port}; start it (see README "Running the tests")`);
    }
  }
  buildApps();
  if (process.env.TIDEMARK_S3_ENDPOINT) return;
  const script = join(__dirname, '..', 's3-server', 'start.sh');
  const out = execFileSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  for (const line of out.split('\n')) {
    const m = /^export (TIDEMARK_S3_[A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) process.env[m[1]] = m[2].replace(/^['"]|['"]$/g, '');
  }
};
