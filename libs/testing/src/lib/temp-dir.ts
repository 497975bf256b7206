import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { testTempRoot } from './checkout';

/** A new directory under this checkout's temp root (testTempRoot). */
export function makeTempDir(prefix = 'tidemark-test-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(testTempRoot(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
