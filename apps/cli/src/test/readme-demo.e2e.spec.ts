import { spawnSync } from 'node:child_process';
import { PrivateMariadb, testDatabaseName } from '@tidemark/testing';
import { ROOT } from './cli.fixture';

// This checkout's own demo database and schema: another clone's test may run the demo at the same time.
const DB = testDatabaseName('tidemark_demo');

describe('the README demo (`npm run demo`)', () => {
  // A MariaDB of its own: on the shared server another suite's open write holds the server-wide safe
  // ceiling (ADR 0010) back, and a CI run once saw the demo's incremental sync rightly move 0 rows.
  let mariadb: PrivateMariadb;
  beforeAll(async () => {
    mariadb = await PrivateMariadb.start();
  }, 90_000);
  afterAll(() => mariadb?.stop());

  it('syncs the sample table, then moves only the changed rows', () => {
    const r = spawnSync('npm', ['run', 'demo'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: {
        ...process.env,
        TIDEMARK_DEMO_ROWS: '5000',
        TIDEMARK_DEMO_DATABASE: DB,
        TIDEMARK_DEMO_MYSQL_PORT: String(mariadb.port),
      },
    });
    expect(r.stderr).not.toMatch(/^error:/m);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`${DB}.orders: extracted 5,000 rows into 1 file(s)`);
    expect(r.stdout).toContain(`${DB}.orders: loaded 5,000 rows from 1 manifest(s) into ${DB}.orders`);
    expect(r.stdout).toContain(`${DB}.orders: extracted 1,500 rows into 1 file(s)`);
    expect(r.stdout).toContain(`${DB}.orders: extracted 0 rows into 0 file(s)`);
    expect(r.stdout).toMatch(/extract: success, 6,500 rows in 2 file\(s\)/);
    expect(r.stdout).toMatch(/load: +success, 6,500 rows from 2 manifest\(s\)/);
  });
});
