import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { deadRunDirectory, makeTempDir } from '@tidemark/testing';
import { LazyWorkDirectory } from './lazy-work-directory';

describe('LazyWorkDirectory', () => {
  const dir = makeTempDir();
  afterAll(() => dir.remove());

  it('touches nothing on disk for a run that never claims it', async () => {
    const root = join(dir.path, 'unused');
    const dead = deadRunDirectory(root);
    const work = new LazyWorkDirectory(root, 'run-1');
    await work.release();
    expect(readdirSync(root)).toEqual(['dead-run']);
    expect(existsSync(dead)).toBe(true);
  });

  it("is made once at the first claim, after the dead runs' directories are cleared, and removed at release", async () => {
    const root = join(dir.path, 'used');
    deadRunDirectory(root);
    const work = new LazyWorkDirectory(root, 'run-2');
    const [first, second] = await Promise.all([work.claim(), work.claim()]);
    expect(first).toBe(work.path);
    expect(second).toBe(work.path);
    expect(readdirSync(root)).toEqual(['run-2']);
    expect(readdirSync(work.path)).toEqual(['owner.json']);
    await work.release();
    expect(readdirSync(root)).toEqual([]);
  });
});
