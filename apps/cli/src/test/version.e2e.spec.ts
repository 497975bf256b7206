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

describe('the old tool form `watermark restore --version N` (built binary)', () => {
  it('is the history entry, not the program version', () => {
    const r = spawnSync('node', [BIN, '--config', '/nonexistent', 'watermark', 'restore', '-t', 'shop.orders', '--version', '3'], {
      encoding: 'utf8',
    });
    expect(r.stdout).not.toContain(version);
    expect(r.stderr).not.toMatch(/required option '--version/);
    expect(r.status).not.toBe(0);
  });
});
