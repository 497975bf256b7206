import { spawnSync } from 'node:child_process';
import { ROOT } from './cli.fixture';

describe('the README demo (`npm run demo`)', () => {
  it('syncs the sample table, then moves only the changed rows', () => {
    const r = spawnSync('npm', ['run', 'demo'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, TIDEMARK_DEMO_ROWS: '5000' },
    });
    expect(r.stderr).not.toMatch(/^error:/m);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('tidemark_demo.orders: extracted 5,000 rows into 1 file(s)');
    expect(r.stdout).toContain('tidemark_demo.orders: loaded 5,000 rows from 1 manifest(s) into tidemark_demo.orders');
    expect(r.stdout).toContain('tidemark_demo.orders: extracted 1,500 rows into 1 file(s)');
    expect(r.stdout).toContain('tidemark_demo.orders: extracted 0 rows into 0 file(s)');
    expect(r.stdout).toMatch(/extract: success, 6,500 rows in 2 file\(s\)/);
    expect(r.stdout).toMatch(/load: +success, 6,500 rows from 2 manifest\(s\)/);
  });
});
