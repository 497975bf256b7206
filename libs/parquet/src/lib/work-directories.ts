import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';

const OWNER_FILE = 'owner.json';
/** A directory with no owner file (an older version's, or one killed before writing it) is left this long. */
const UNOWNED_AGE_MS = 60 * 60 * 1000;

interface Owner {
  host: string;
  pid: number;
}

/** True while a process with that pid exists on this host. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Makes `root/name` and records which process works in it. */
export async function claimWorkDirectory(root: string, name: string): Promise<string> {
  const dir = join(root, name);
  await mkdir(dir, { recursive: true });
  const owner: Owner = { host: hostname(), pid: process.pid };
  await writeFile(join(dir, OWNER_FILE), JSON.stringify(owner));
  return dir;
}

/**
 * Removes the scratch directories of extract and load runs that died
 * without cleaning up (a kill -9, a power cut): those whose owner process
 * on this host is gone, and unowned ones over an hour old. A live run's
 * directory, or another host's on a shared disk, is never touched; one
 * that its run removes meanwhile is passed over. Returns what it removed.
 */
export async function removeStaleWorkDirectories(root: string, alive = processAlive): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  const removed: string[] = [];
  for (const entry of entries.filter((e) => e.isDirectory())) {
    const dir = join(root, entry.name);
    if (await isStale(dir, alive).catch(gone)) {
      await rm(dir, { recursive: true, force: true });
      removed.push(dir);
    }
  }
  return removed;
}

/** A directory that vanished while it was looked at belonged to a run that just ended: not stale. */
function gone(error: NodeJS.ErrnoException): false {
  if (error.code === 'ENOENT') return false;
  throw error;
}

async function isStale(dir: string, alive: (pid: number) => boolean): Promise<boolean> {
  const owner = await readFile(join(dir, OWNER_FILE), 'utf8')
    .then((text) => JSON.parse(text) as Owner)
    .catch(() => null);
  if (owner) return owner.host === hostname() && owner.pid !== process.pid && !alive(owner.pid);
  const { mtimeMs } = await stat(dir);
  return Date.now() - mtimeMs > UNOWNED_AGE_MS;
}
