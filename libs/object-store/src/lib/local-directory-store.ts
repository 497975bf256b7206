import { createReadStream, createWriteStream } from 'node:fs';
import { copyFile, mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { badInput } from '@tidemark/errors';
import { ObjectStore, StoredObject } from './object-store';

/** The embedded default: a directory with the same key layout as the bucket. */
export class LocalDirectoryStore implements ObjectStore {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  private path(key: string): string {
    const full = resolve(this.root, key);
    if (full !== this.root && !full.startsWith(this.root + sep)) {
      throw badInput(`object key "${key}" points outside the store ${this.root}`);
    }
    return full;
  }

  uri(key: string): string {
    return pathToFileURL(this.path(key)).href;
  }

  private async described(key: string): Promise<StoredObject> {
    const s = await stat(this.path(key));
    return { key, bytes: s.size, lastModified: s.mtime };
  }

  async putFile(key: string, localPath: string): Promise<StoredObject> {
    const target = this.path(key);
    await mkdir(dirname(target), { recursive: true });
    await copyFile(localPath, target);
    return this.described(key);
  }

  async putBytes(key: string, body: Buffer | string): Promise<StoredObject> {
    const target = this.path(key);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, body);
    return this.described(key);
  }

  getBytes(key: string): Promise<Buffer> {
    return readFile(this.path(key));
  }

  async downloadTo(key: string, localPath: string): Promise<void> {
    await pipeline(createReadStream(this.path(key)), createWriteStream(localPath));
  }

  async head(key: string): Promise<StoredObject | null> {
    try {
      return await this.described(key);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async *list(prefix: string): AsyncIterable<StoredObject> {
    const start = this.path(prefix.replace(/\/?[^/]*$/, '') || '.');
    let entries: string[];
    try {
      entries = (await readdir(start, { recursive: true })) as string[];
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const entry of entries.sort()) {
      const key = relative(this.root, join(start, entry)).split(sep).join('/');
      if (!key.startsWith(prefix)) continue;
      const s = await stat(join(start, entry));
      if (s.isFile()) yield { key, bytes: s.size, lastModified: s.mtime };
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }
}
