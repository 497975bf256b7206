import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, ROOT } from './cli.fixture';

const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

describe('tidemark --version (built binary)', () => {
  it.each(['--version', '-V'])('%s prints the version of package.json and exits 0', (flag) => {
    const r = spawnSync('node', [BIN, flag], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`${version}\n`);
    expect(r.status).toBe(0);
  });
});
