import { execFileSync } from 'node:child_process';
import { realpathSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { checkoutId, REPO_ROOT, testDatabaseName, testTempRoot } from './checkout';
import { makeTempDir } from './temp-dir';

/** What tools/s3-server/checkout.sh derives when sourced from `scriptDir`. */
function shellCheckout(scriptDir: string, env: NodeJS.ProcessEnv = {}): { id: string; tmp: string; dir: string } {
  const { TIDEMARK_S3_DIR: _unset, ...rest } = process.env;
  const out = execFileSync(
    'bash',
    ['-c', `source '${scriptDir}/checkout.sh' && echo "$CHECKOUT_ID $CHECKOUT_TMP $DIR"`],
    {
      encoding: 'utf8',
      env: { ...rest, ...env },
    },
  );
  const [id, tmp, dir] = out.trim().split(' ');
  return { id, tmp, dir };
}

describe('the checkout id', () => {
  it('is the one tools/s3-server/checkout.sh derives, so the tests and the S3 scripts agree', () => {
    const shell = shellCheckout(join(REPO_ROOT, 'tools/s3-server'));
    expect(checkoutId()).toMatch(/^[0-9a-f]{8}$/);
    expect(shell.id).toBe(checkoutId());
    expect(shell.tmp).toBe(testTempRoot());
    expect(shell.dir).toBe(join(testTempRoot(), 's3'));
  });

  it('follows the real path: the checkout reached through a symlink has the same id', () => {
    const dir = makeTempDir('checkout-link-');
    try {
      const link = join(dir.path, 'repo');
      symlinkSync(REPO_ROOT, link);
      expect(shellCheckout(join(link, 'tools/s3-server')).id).toBe(checkoutId());
    } finally {
      dir.remove();
    }
  });

  it('names what the checkout shares with no other: databases, the temp root, the S3 data dir unless TIDEMARK_S3_DIR says', () => {
    expect(testDatabaseName('tidemark_redshift_emulation')).toBe(`tidemark_redshift_emulation_${checkoutId()}`);
    expect(realpathSync(testTempRoot())).toBe(testTempRoot());
    expect(testTempRoot().endsWith(`/tidemark-${checkoutId()}`)).toBe(true);
    const elsewhere = join(testTempRoot(), 'elsewhere');
    expect(shellCheckout(join(REPO_ROOT, 'tools/s3-server'), { TIDEMARK_S3_DIR: elsewhere }).dir).toBe(elsewhere);
    rmSync(elsewhere, { recursive: true, force: true });
  });

  it('puts makeTempDir directories under the temp root', () => {
    const dir = makeTempDir();
    try {
      expect(dir.path.startsWith(`${testTempRoot()}/tidemark-test-`)).toBe(true);
    } finally {
      dir.remove();
    }
  });
});
