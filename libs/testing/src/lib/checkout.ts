import { createHash } from 'node:crypto';
import { mkdirSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The root of the checkout these tests run from. */
export const REPO_ROOT = resolve(__dirname, '../../../..');

/**
 * This checkout's id: the first 8 hex digits of the SHA-256 of the repo
 * root's real path. tools/s3-server/checkout.sh derives the same one for the
 * S3 server's ports and data dir. Names a test run shares with other
 * checkouts on the machine (databases, temp dirs) carry it, so two clones
 * can run `npm test` at once.
 */
export function checkoutId(): string {
  return createHash('sha256').update(realpathSync(REPO_ROOT)).digest('hex').slice(0, 8);
}

/** `<tmpdir>/tidemark-<checkout id>`, created if missing: the checkout's temp root (the S3 server's data dir is in it too). */
export function testTempRoot(): string {
  const root = join(tmpdir(), `tidemark-${checkoutId()}`);
  mkdirSync(root, { recursive: true });
  return root;
}

/** `<base>_<checkout id>`: a database every test file of this checkout shares, and no other checkout. */
export function testDatabaseName(base: string): string {
  return `${base}_${checkoutId()}`;
}
