import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '@tidemark/testing';
import { CompileCacheFile } from './compile-cache-file';

describe('CompileCacheFile', () => {
  const dir = makeTempDir();
  afterAll(() => dir.remove());
  let n = 0;
  const path = () => join(dir.path, `sub-${++n}`, 'cache.bin');

  it('reads back what it saved, by file name and source hash', () => {
    const file = path();
    const written = new CompileCacheFile(file);
    written.set('/a.js', { hash: 'h1', data: Buffer.from('code of a') });
    written.set('/b.js', { hash: 'h2', data: Buffer.from('') });
    written.set('/c.js', { hash: 'h3', data: Buffer.from('code of c') });
    written.save();
    const read = new CompileCacheFile(file);
    expect(read.get('/a.js', 'h1')?.toString()).toBe('code of a');
    expect(read.get('/b.js', 'h2')?.toString()).toBe('');
    expect(read.get('/c.js', 'h3')?.toString()).toBe('code of c');
    expect(read.get('/a.js', 'changed source')).toBeUndefined();
    expect(read.get('/d.js', 'h1')).toBeUndefined();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(file, '..')).mode & 0o777).toBe(0o700);
  });

  it('keeps what it read when it adds to it, and writes nothing when nothing was added', () => {
    const file = path();
    const first = new CompileCacheFile(file);
    first.set('/a.js', { hash: 'h1', data: Buffer.from('a') });
    first.save();
    const second = new CompileCacheFile(file);
    second.set('/b.js', { hash: 'h2', data: Buffer.from('b') });
    second.save();
    const third = new CompileCacheFile(file);
    expect([third.get('/a.js', 'h1')?.toString(), third.get('/b.js', 'h2')?.toString()]).toEqual(['a', 'b']);
    const inode = statSync(file).ino; // a save renames a new file over it
    third.save();
    expect(statSync(file).ino).toBe(inode);
    expect(readdirSync(join(file, '..'))).toEqual(['cache.bin']); // no temporary file left
  });

  it.each([
    ['missing', null],
    ['empty', Buffer.alloc(0)],
    ['foreign', Buffer.from('not a cache file at all')],
  ])('reads a %s file as empty', (_what, bytes) => {
    const file = path();
    if (bytes) {
      const seeded = new CompileCacheFile(file);
      seeded.set('/x.js', { hash: 'h', data: Buffer.from('x') });
      seeded.save();
      writeFileSync(file, bytes);
    }
    expect(new CompileCacheFile(file).get('/x.js', 'h')).toBeUndefined();
  });

  it('reads a file cut short as empty, not as wrong code', () => {
    const file = path();
    const written = new CompileCacheFile(file);
    written.set('/a.js', { hash: 'h1', data: Buffer.from('code of a') });
    written.set('/b.js', { hash: 'h2', data: Buffer.from('code of b') });
    written.save();
    const whole = readFileSync(file);
    writeFileSync(file, whole.subarray(0, whole.length - 3));
    const read = new CompileCacheFile(file);
    expect(read.get('/a.js', 'h1')).toBeUndefined();
    expect(read.get('/b.js', 'h2')).toBeUndefined();
  });
});
