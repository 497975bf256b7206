import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/**
 * A work directory as a run leaves it when its process dies: `root/name`
 * with an owner file naming a process of this host that has exited.
 */
export function deadRunDirectory(root: string, name = 'dead-run'): string {
  const { pid } = spawnSync(process.execPath, ['-e', '']);
  const path = join(root, name);
  mkdirSync(path, { recursive: true });
  writeFileSync(join(path, 'owner.json'), JSON.stringify({ host: hostname(), pid }));
  return path;
}
