import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { transpileModule, ModuleKind, ScriptTarget } from 'typescript';
import { makeTempDir } from '@tidemark/testing';

const ROOT = resolve(__dirname, '../../../..');

/**
 * In a Node process of its own (jest loads modules itself, not through
 * Module.prototype._compile): the cache installed, then a require() of the
 * binlog reader, an ES module, and of a CommonJS package.
 */
describe('useCompileCache', () => {
  const tmp = makeTempDir();
  afterAll(() => tmp.remove());

  it('leaves a require()d ES module (the binlog reader @vlasky/zongji) to Node, and still caches CommonJS', () => {
    for (const name of ['compile-cache', 'compile-cache-file']) {
      const source = readFileSync(join(__dirname, `${name}.ts`), 'utf8');
      const options = { module: ModuleKind.CommonJS, target: ScriptTarget.ES2022, esModuleInterop: true };
      writeFileSync(join(tmp.path, `${name}.js`), transpileModule(source, { compilerOptions: options }).outputText);
    }
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
});
