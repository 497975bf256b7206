import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { makeTempDir } from '@tidemark/testing';
import { claimWorkDirectory, removeStaleWorkDirectories } from './work-directories';

describe('work directories of killed runs', () => {
  const dir = makeTempDir();
  afterAll(() => dir.remove());

  /** A directory as a run of another process leaves it, that process then killed with SIGKILL. */
  async function dirOfKilledRun(name: string): Promise<string> {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
    const path = join(dir.path, name);
    mkdirSync(join(path, 'duckdb'), { recursive: true });
    writeFileSync(join(path, 'owner.json'), JSON.stringify({ host: hostname(), pid: child.pid }));
    writeFileSync(join(path, '1.parquet'), 'half a file');
    child.kill('SIGKILL');
    await once(child, 'exit');
    return path;
  }

  it("removes a dead run's directory and keeps a live one's, another host's and a fresh unowned one", async () => {
    const dead = await dirOfKilledRun('20260101T000000-dead');
    const live = await claimWorkDirectory(dir.path, '20260101T000001-live');
    const otherHost = join(dir.path, 'other-host');
    mkdirSync(otherHost);
    writeFileSync(join(otherHost, 'owner.json'), JSON.stringify({ host: 'some-other-host', pid: 1 }));
    const freshUnowned = join(dir.path, 'fresh-unowned');
    mkdirSync(freshUnowned);
    const oldUnowned = join(dir.path, 'old-unowned');
    mkdirSync(oldUnowned);
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    utimesSync(oldUnowned, twoHoursAgo, twoHoursAgo);

    expect((await removeStaleWorkDirectories(dir.path)).sort()).toEqual([dead, oldUnowned].sort());
    expect([dead, live, otherHost, freshUnowned, oldUnowned].map(existsSync)).toEqual([false, true, true, true, false]);
  });

  it('passes over directories that their runs remove while it looks (several processes share the root)', async () => {
    const root = join(dir.path, 'busy');
    for (const name of ['a', 'b', 'c', 'd']) await claimWorkDirectory(root, name);
    for (const name of ['a', 'b', 'c', 'd']) writeFileSync(join(root, name, 'owner.json'), JSON.stringify({ host: hostname(), pid: 1 }));
    // While the first owner is asked about, every run finishes and removes its directory.
    const removed = await removeStaleWorkDirectories(root, () => {
      for (const name of ['a', 'b', 'c', 'd']) rmSync(join(root, name), { recursive: true, force: true });
      return true;
    });
    expect(removed).toEqual([]);
  });

  it('does nothing when the work directory does not exist yet', async () => {
    expect(await removeStaleWorkDirectories(join(dir.path, 'missing'))).toEqual([]);
  });
});
