import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { transpileModule, ModuleKind, ScriptTarget } from 'typescript';
import { makeTempDir } from '@tidemark/testing';
import { CompileCacheFile } from './compile-cache-file';

const ROOT = resolve(__dirname, '../../../..');

/**
 * In a Node process of its own (jest loads modules itself, not through
 * Module.prototype._compile): the cache installed, then a require() of the
 * binlog reader, an ES module, and of a CommonJS package.
 */
describe('useCompileCache', () => {
  const tmp = makeTempDir();
  afterAll(() => tmp.remove());

  beforeAll(() => {
    for (const name of ['compile-cache', 'compile-cache-file', 'bundle-source']) {
      const source = readFileSync(join(__dirname, `${name}.ts`), 'utf8');
      const options = { module: ModuleKind.CommonJS, target: ScriptTarget.ES2022, esModuleInterop: true };
      writeFileSync(join(tmp.path, `${name}.js`), transpileModule(source, { compilerOptions: options }).outputText);
    }
  });

  it('leaves a require()d ES module (the binlog reader @vlasky/zongji) to Node, and still caches CommonJS', () => {
    const cache = join(tmp.path, 'cache');
    const script = [
      `require(${JSON.stringify(join(tmp.path, 'compile-cache.js'))}).useCompileCache({ TIDEMARK_COMPILE_CACHE: ${JSON.stringify(cache)} }, 'spec');`,
      `const load = require('node:module').createRequire(${JSON.stringify(join(ROOT, 'package.json'))});`,
      `console.log(typeof load('@vlasky/zongji').default, typeof load('yaml').parse);`,
    ].join('\n');
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect([run.status, run.stderr.trim(), run.stdout.trim()]).toEqual([0, '', 'function function']);
    const files = readdirSync(cache);
    expect(files).toHaveLength(1);
    const cached = readFileSync(join(cache, files[0]), 'latin1');
    expect(cached).toContain('/node_modules/yaml/');
    expect(cached).not.toContain('/node_modules/@vlasky/zongji/index.js');
  });

  it('reads the bundles beside the entry as bytes (Latin-1 when ASCII), caches them by the hash of those bytes, and leaves other files to Node', () => {
    const cli = join(tmp.path, 'cli');
    mkdirSync(join(cli, 'lib'), { recursive: true });
    const files = {
      ascii: [join(cli, 'ascii.js'), "module.exports = 'plain text';\n"],
      utf8: [join(cli, 'utf8.js'), "module.exports = 'na\u00efve \u2192 \u{1F30A}';\n"],
      elsewhere: [join(cli, 'lib', 'other.js'), "module.exports = 'not a bundle \u2192';\n"],
    };
    for (const [path, source] of Object.values(files)) writeFileSync(path, source);
    const cache = join(tmp.path, 'bundle-cache');
    const script = [
      // Node's own loader reads a module with readFileSync(path, 'utf8'); the bundles' loader without an encoding.
      `const fs = require('node:fs'); const read = fs.readFileSync; const reads = [];`,
      `fs.readFileSync = function (path, options) { if (String(path).startsWith(${JSON.stringify(cli)})) reads.push([String(path), options ?? null]); return read.apply(this, arguments); };`,
      `require(${JSON.stringify(join(tmp.path, 'compile-cache.js'))}).useCompileCache({ TIDEMARK_COMPILE_CACHE: ${JSON.stringify(cache)} }, ${JSON.stringify(join(cli, 'main.js'))});`,
      `const values = ${JSON.stringify(Object.values(files).map(([path]) => path))}.map((path) => require(path));`,
      `console.log(JSON.stringify({ values, reads }));`,
    ].join('\n');
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect([run.status, run.stderr.trim()]).toEqual([0, '']);
    const { values, reads } = JSON.parse(run.stdout);
    expect(values).toEqual(['plain text', 'na\u00efve \u2192 \u{1F30A}', 'not a bundle \u2192']);
    expect(reads).toEqual([
      [files.ascii[0], null],
      [files.utf8[0], null],
      [files.elsewhere[0], 'utf8'],
    ]);

    const cached = new CompileCacheFile(join(cache, readdirSync(cache)[0]));
    const sha1 = (text: string) => createHash('sha1').update(Buffer.from(text, 'utf8')).digest('base64');
    for (const [path, source] of Object.values(files)) expect(cached.get(path, sha1(source))).toBeDefined();
  });
});
