import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { makeTempDir } from '@tidemark/testing';

// pgloaderCopy runs pgloader again with less read-ahead when it exhausts its
// heap, and only then. The real failure needs pgloader 3.6.7 on the 2M-row
// wide table (a minute of generating and a minute of loading, BENCHMARKS.md);
// here a stand-in for the pgloader command prints what pgloader prints when
// its heap runs out, unless the load file has the low-memory setting.

const PGLOADER_MJS = resolve(__dirname, 'pgloader.mjs');

function standIn(dir: string, failure: string): string {
  const path = join(dir, 'pgloader');
  writeFileSync(
    path,
    [
      '#!/bin/bash',
      'file="${@: -1}"',
      'echo "$file" >> "$(dirname "$file")/calls.txt"',
      'if grep -q "WITH prefetch rows = 10000" "$file"; then echo "LOG report summary reset"; exit 0; fi',
      `echo "${failure}" >&2`,
      'exit 1',
      '',
    ].join('\n'),
  );
  chmodSync(path, 0o755);
  return path;
}

/** pgloaderCopy through the stand-in: its note, or the error it threw. */
function copyWith(command: string, work: string): { note?: string | null; error?: string } {
  const script = [
    `import { pgloaderCopy } from ${JSON.stringify(PGLOADER_MJS)};`,
    'try {',
    `  const run = await pgloaderCopy({ command: ${JSON.stringify(command)} }, { database: 'shop', table: 'wide', targetSchema: 'shop_pgloader', work: ${JSON.stringify(work)} });`,
    '  console.log(JSON.stringify({ note: run.note ?? null }));',
    '} catch (error) {',
    '  console.log(JSON.stringify({ error: error.message }));',
    '}',
  ].join('\n');
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  return JSON.parse(run.stdout);
}

const callsIn = (work: string) =>
  existsSync(join(work, 'calls.txt')) ? readFileSync(join(work, 'calls.txt'), 'utf8').trim().split('\n') : [];

describe('pgloaderCopy (tools/bench/lib/pgloader.mjs)', () => {
  const dirs: { remove(): void }[] = [];
  const tempDir = (prefix: string) => {
    const dir = makeTempDir(prefix);
    dirs.push(dir);
    return dir.path;
  };
  afterAll(() => dirs.forEach((d) => d.remove()));

  it('runs pgloader again WITH prefetch rows = 10000 when its heap ran out, and says so in the result', () => {
    const work = tempDir('pgloader-heap');
    const result = copyWith(standIn(work, 'fatal error encountered in SBCL pid 1: Heap exhausted, game over.'), work);
    expect(result.note).toMatch(
      /^WITH prefetch rows = 10000: with its defaults pgloader exhausted its heap after \d+ s \(not counted\)$/,
    );
    const calls = callsIn(work);
    expect(calls).toHaveLength(2);
    expect(readFileSync(calls[0], 'utf8')).not.toContain('WITH');
    expect(readFileSync(calls[1], 'utf8')).toContain('  WITH prefetch rows = 10000\n');
  });

  it('does not retry any other failure: it is thrown as pgloader reported it', () => {
    const work = tempDir('pgloader-other');
    const result = copyWith(standIn(work, '2026-12-07T04:00:00Z FATAL Failed to connect to mysql'), work);
    expect(result.error).toContain('FATAL Failed to connect to mysql');
    expect(callsIn(work)).toHaveLength(1);
  });
});
