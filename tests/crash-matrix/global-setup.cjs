// The preset's global setup (checks MariaDB and PostgreSQL, starts the S3
// server), then one build of the `tidemark` binary that every crash spec runs.
const { execFileSync } = require('node:child_process');
const { resolve } = require('node:path');
const startServers = require('../../tools/testing/global-setup.js');

module.exports = async function globalSetup() {
  await startServers();
  try {
    execFileSync('npx', ['nx', 'build', 'cli', '--outputStyle=static'], {
      cwd: resolve(__dirname, '../..'),
      encoding: 'utf8',
      stdio: 'pipe',
    });
  } catch (error) {
    throw new Error(`building the cli failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`);
  }
};
