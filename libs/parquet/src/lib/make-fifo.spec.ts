import { closeSync, constants, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '@tidemark/testing';
import { makeFifo } from './make-fifo';

/** Node's own module object (an `import * as` is a copy, which spying would not reach). */
const childProcess: typeof import('node:child_process') = require('node:child_process');

describe('makeFifo', () => {
  const dir = makeTempDir();
  afterAll(() => dir.remove());

  it('makes a named pipe that only its owner can open, in this process: it starts no `mkfifo` (ADR 0054)', async () => {
    const path = join(dir.path, 'rows.csv');
    const starts = (['spawn', 'spawnSync', 'execFile', 'execFileSync', 'exec', 'execSync', 'fork'] as const).map(
      (name) => jest.spyOn(childProcess, name),
    );
    try {
      await makeFifo(path);
      for (const start of starts) expect(start).not.toHaveBeenCalled();
    } finally {
      for (const start of starts) start.mockRestore();
    }
    const made = statSync(path);
    expect(made.isFIFO()).toBe(true);
    expect(made.mode & 0o777).toBe(0o600 & ~process.umask());
    // A pipe: a non-blocking write end opens only once a reader has it.
    const reader = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const writer = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
    closeSync(writer);
    closeSync(reader);
  });

  it('refuses a path that exists, naming it and the reason, and leaves the file as it was', async () => {
    const path = join(dir.path, 'taken.csv');
    writeFileSync(path, 'rows of somebody else');
    await expect(makeFifo(path)).rejects.toMatchObject({
      message: `could not make the named pipe ${path}: EEXIST`,
      code: 'EEXIST',
    });
    expect(statSync(path).isFile()).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe('rows of somebody else');
  });

  it('refuses a path whose directory does not exist', async () => {
    const path = join(dir.path, 'gone', 'rows.csv');
    await expect(makeFifo(path)).rejects.toThrow(`could not make the named pipe ${path}: ENOENT`);
  });
});
