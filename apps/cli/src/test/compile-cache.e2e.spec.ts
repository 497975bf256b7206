import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { appendFileSync, cpSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '@tidemark/testing';
import { CompileCacheFile } from '../startup/compile-cache-file';
import { BIN, ROOT } from './cli.fixture';

/** `tidemark --help` loads the program and most of its packages (typeorm, class-validator …) and needs no server. */
const help = (cacheEnv: NodeJS.ProcessEnv, bin = BIN) =>
  spawnSync('node', [bin, '--help'], {
    encoding: 'utf8',
    env: { ...process.env, TIDEMARK_COMPILE_CACHE: undefined, ...cacheEnv },
  });

const cacheFileIn = (dir: string) => {
  const files = readdirSync(dir);
  expect(files).toHaveLength(1); // no temporary file left beside it
  return join(dir, files[0]);
};

describe('compile cache of the built CLI (ADR 0038)', () => {
  const tmp = makeTempDir();
  afterAll(() => tmp.remove());
  let n = 0;
  const newDir = () => join(tmp.path, `cache-${++n}`);
  const expected = help({ TIDEMARK_COMPILE_CACHE: 'off' });

  it('the first run writes code for the program and its bundled packages; the next runs use it and write nothing', () => {
    expect(expected.status).toBe(0);
    const dir = newDir();
    const first = help({ TIDEMARK_COMPILE_CACHE: dir });
    expect([first.status, first.stdout, first.stderr]).toEqual([0, expected.stdout, '']);
    const file = cacheFileIn(dir);
    const cached = new CompileCacheFile(file).filenames();
    // The packages are bundled in packages.js (ADR 0052): none is read from node_modules.
    expect(cached.sort()).toEqual([join(ROOT, 'dist/apps/cli/cli.js'), join(ROOT, 'dist/apps/cli/packages.js')]);

    // Every cached entry V8 rejected, or any module not yet cached, would make the run save the file again.
    const inode = statSync(file).ino;
    for (let i = 0; i < 2; i++) {
      const again = help({ TIDEMARK_COMPILE_CACHE: dir });
      expect([again.status, again.stdout, again.stderr]).toEqual([0, expected.stdout, '']);
    }
    expect(statSync(file).ino).toBe(inode);
  });

  it('by default lives in the user cache directory; TIDEMARK_COMPILE_CACHE=off writes none', () => {
    const xdg = newDir();
    const run = help({ XDG_CACHE_HOME: xdg });
    expect([run.status, run.stdout, run.stderr]).toEqual([0, expected.stdout, '']);
    expect(readdirSync(join(xdg, 'tidemark', 'compile-cache'))).toHaveLength(1);

    const off = newDir();
    expect(help({ TIDEMARK_COMPILE_CACHE: 'off', XDG_CACHE_HOME: off }).status).toBe(0);
    expect(() => readdirSync(off)).toThrow(/ENOENT/);
  });

  it('a damaged cache file costs nothing but the cache: same output, and the file is written anew', () => {
    const dir = newDir();
    help({ TIDEMARK_COMPILE_CACHE: dir });
    const file = cacheFileIn(dir);
    writeFileSync(file, 'TMC1\u0010\u0000\u0000\u0000[["x", "y", 99999999]] and garbage');
    const run = help({ TIDEMARK_COMPILE_CACHE: dir });
    expect([run.status, run.stdout, run.stderr]).toEqual([0, expected.stdout, '']);
    expect(new CompileCacheFile(file).filenames()).toContain(join(ROOT, 'dist/apps/cli/cli.js'));
  });

  it('a cache directory that cannot be written is no error', () => {
    const blocked = join(newDir());
    writeFileSync(blocked, 'a file where the directory should be');
    const run = help({ TIDEMARK_COMPILE_CACHE: join(blocked, 'cache') });
    expect([run.status, run.stdout, run.stderr]).toEqual([0, expected.stdout, '']);
  });

  it('a module whose source changed is compiled from its new source, and its cache entry replaced', () => {
    // A copy of the built CLI that resolves the same packages; its cli.js then changes.
    const copy = newDir();
    cpSync(join(ROOT, 'dist/apps/cli'), join(copy, 'dist/apps/cli'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
    const bin = join(copy, 'dist/apps/cli/main.js');
    const dir = newDir();
    expect(help({ TIDEMARK_COMPILE_CACHE: dir }, bin).stdout).toBe(expected.stdout);
    const file = cacheFileIn(dir);
    const inode = statSync(file).ino;

    appendFileSync(join(copy, 'dist/apps/cli/cli.js'), '\nprocess.stdout.write("changed source ran\\n");\n');
    const changed = help({ TIDEMARK_COMPILE_CACHE: dir }, bin);
    expect(changed.status).toBe(0);
    expect(changed.stdout).toBe(`changed source ran\n${expected.stdout}`);
    expect(statSync(file).ino).not.toBe(inode);
    const inodeAfter = statSync(file).ino;
    expect(help({ TIDEMARK_COMPILE_CACHE: dir }, bin).stdout).toBe(`changed source ran\n${expected.stdout}`);
    expect(statSync(file).ino).toBe(inodeAfter);
  });

  it('CLIs starting at once on an empty cache all succeed and leave one whole file', async () => {
    const dir = newDir();
    const runs = Array.from({ length: 4 }, () => {
      const child = spawn('node', [BIN, '--help'], { env: { ...process.env, TIDEMARK_COMPILE_CACHE: dir } });
      let stdout = '';
      child.stdout.on('data', (d) => (stdout += d));
      return once(child, 'close').then(([status]) => [status, stdout]);
    });
    for (const result of await Promise.all(runs)) expect(result).toEqual([0, expected.stdout]);
    const file = cacheFileIn(dir);
    expect(new CompileCacheFile(file).filenames()).toContain(join(ROOT, 'dist/apps/cli/cli.js'));
    const inode = statSync(file).ino;
    expect(help({ TIDEMARK_COMPILE_CACHE: dir }).stdout).toBe(expected.stdout);
    expect(statSync(file).ino).toBe(inode);
  });
});
