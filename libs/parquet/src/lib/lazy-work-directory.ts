import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { claimWorkDirectory, removeStaleWorkDirectories } from './work-directories';

/**
 * A run's scratch directory, made at its first use: a run that writes no
 * file (most incremental runs find nothing new) does not touch the disk.
 * Claiming it first clears the directories of killed runs, as every run did
 * at its start before.
 */
export class LazyWorkDirectory {
  readonly path: string;
  private claiming?: Promise<string>;

  constructor(
    private readonly root: string,
    private readonly name: string,
  ) {
    this.path = join(root, name);
  }

  /** Makes the directory (once) and returns its path. */
  claim(): Promise<string> {
    this.claiming ??= removeStaleWorkDirectories(this.root).then(() => claimWorkDirectory(this.root, this.name));
    return this.claiming;
  }

  /** Removes the directory if it was made. */
  async release(): Promise<void> {
    if (!this.claiming) return;
    await this.claiming.catch(() => undefined);
    await rm(this.path, { recursive: true, force: true });
  }
}
