import { closeSync, constants, openSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '@tidemark/testing';
import { CsvPipe } from './csv-pipe';
import { makeFifo } from './make-fifo';
import { EXTRACT_PIPE_BYTES, pipeCapacity, widenPipe } from './pipe-capacity';

/** Linux's capacity of a new pipe: 16 pages. */
const DEFAULT_PIPE_BYTES = 64 * 1024;

describe('pipe capacity (ADR 0056)', () => {
  const dir = makeTempDir();
  afterAll(() => dir.remove());

  /** A named pipe with its read end open (non-blocking, as DuckDB's reader would have it) for the test to inspect. */
  async function pipeWithReader(name: string): Promise<{ path: string; reader: number }> {
    const path = join(dir.path, name);
    await makeFifo(path);
    return { path, reader: openSync(path, constants.O_RDONLY | constants.O_NONBLOCK) };
  }

  it("the extract's pipe holds 1 MiB once CsvPipe has opened it, not Linux's 64 KiB", async () => {
    const { path, reader } = await pipeWithReader('rows.csv');
    try {
      expect(await pipeCapacity(reader)).toBe(DEFAULT_PIPE_BYTES);
      const pipe = await CsvPipe.open(path, new Promise(() => undefined));
      expect(await pipeCapacity(reader)).toBe(EXTRACT_PIPE_BYTES);
      // What it holds, it takes without a reader reading: 1 MiB of rows is written before the first wait.
      expect(pipe.write(Buffer.alloc(EXTRACT_PIPE_BYTES - 1, 'a'))).toBe(true);
      pipe.destroy();
    } finally {
      closeSync(reader);
    }
  });

  it('a capacity the kernel refuses leaves the pipe as it was and is no error: the rows only go slower', async () => {
    const { reader } = await pipeWithReader('refused.csv');
    try {
      // Larger than any pipe Linux makes (EINVAL or EPERM, even for root).
      expect(await widenPipe(reader, 2 ** 31 - 1)).toBe(DEFAULT_PIPE_BYTES);
      expect(await pipeCapacity(reader)).toBe(DEFAULT_PIPE_BYTES);
    } finally {
      closeSync(reader);
    }
  });

  it('names the fd and the reason when the capacity of something that is no pipe is asked', async () => {
    const file = openSync(join(dir.path, 'plain.txt'), 'w');
    try {
      await expect(pipeCapacity(file)).rejects.toThrow(`could not read the capacity of pipe fd ${file}: EBADF`);
    } finally {
      closeSync(file);
    }
  });
});
