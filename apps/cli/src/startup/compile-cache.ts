import { createHash } from 'node:crypto';
import Module, { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { constants, Script } from 'node:vm';
import { readBundleSource, sourceHash } from './bundle-source';
import { CompileCacheFile } from './compile-cache-file';

type ModuleCompile = (this: NodeModule, content: string, filename: string, format?: string) => unknown;
type ModuleWrapper = (...args: unknown[]) => unknown;
type ExtensionLoader = (this: unknown, module: NodeModule, filename: string) => void;

interface FreshScript {
  filename: string;
  hash: string;
  script: Script;
}

/**
 * Where the CLI keeps its compiled code: `TIDEMARK_COMPILE_CACHE` (a
 * directory, or `off`), else the user's cache directory; none under
 * `--enable-source-maps`. One file per Node
 * version and per installed CLI, so checkouts and upgrades do not evict
 * each other and the file stays the size of what one CLI loads.
 */
export function compileCacheFile(env: NodeJS.ProcessEnv, entry: string): string | undefined {
  const setting = env['TIDEMARK_COMPILE_CACHE'];
  // Node maps stack traces (--enable-source-maps, as the images run) only for modules it compiles itself.
  if (setting === 'off' || process.sourceMapsEnabled) return undefined;
  const directory = setting || join(env['XDG_CACHE_HOME'] || join(homedir(), '.cache'), 'tidemark', 'compile-cache');
  const cli = createHash('sha1').update(entry).digest('hex').slice(0, 16);
  return join(directory, `${process.version}-${process.arch}-${cli}.bin`);
}

/**
 * Compiles every CommonJS module loaded from here on with V8 code cached by
 * earlier runs. Node 20 has no `module.enableCompileCache`, and caching code
 * as soon as a module is compiled (v8-compile-cache) holds only its top
 * level; here each new module's cache is taken when the process exits,
 * after the run has compiled the functions it called, so the next run
 * compiles almost nothing. Measured in ADR 0038.
 */
export function useCompileCache(env: NodeJS.ProcessEnv, entry: string): void {
  const path = compileCacheFile(env, entry);
  if (!path) return;
  const cache = new CompileCacheFile(path);
  const fresh: FreshScript[] = [];
  const bundleHashes = readOwnBundles(dirname(entry));
  const prototype = Module.prototype as unknown as { _compile: ModuleCompile };
  const nodeCompile = prototype._compile;
  prototype._compile = function compileWithCache(this: NodeModule, content: string, filename: string, format?: string) {
    // An ES module that is require()d (Node >= 20.19, e.g. @vlasky/zongji for binlog tables) is no CommonJS wrapper's body.
    if (format === 'module') return nodeCompile.call(this, content, filename, format);
    const hash = bundleHashes.get(filename) ?? sourceHash(content);
    const cachedData = cache.get(filename, hash);
    const script = new Script(Module.wrap(withoutHashbang(content)), {
      filename,
      cachedData,
      importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    });
    if (!cachedData || script.cachedDataRejected) fresh.push({ filename, hash, script });
    const wrapper = script.runInThisContext({ displayErrors: true }) as ModuleWrapper;
    return wrapper.call(this.exports, this.exports, requireOf(this, filename), this, filename, dirname(filename));
  };
  process.once('exit', () => {
    try {
      for (const { filename, hash, script } of fresh) cache.set(filename, { hash, data: script.createCachedData() });
      cache.save();
    } catch {
      // A cache that cannot be written (read-only home, full disk) only means the next start compiles again.
    }
  });
}

/**
 * Has the CLI's own bundles (the `.js` files beside its entry: cli.js,
 * packages.js) read by `readBundleSource` instead of Node's UTF-8 read, and
 * returns the hash of each one read, for `_compile` to look up. Everything
 * else is loaded by Node as before.
 */
function readOwnBundles(directory: string): Map<string, string> {
  const hashes = new Map<string, string>();
  const extensions = (Module as unknown as { _extensions: Record<string, ExtensionLoader> })._extensions;
  const nodeLoadJs = extensions['.js'];
  extensions['.js'] = function loadJs(this: unknown, module: NodeModule, filename: string) {
    if (dirname(filename) !== directory) return nodeLoadJs.call(this, module, filename);
    const source = readBundleSource(filename);
    hashes.set(filename, source.hash);
    (module as NodeModule & { _compile: ModuleCompile })._compile(source.text, filename);
  };
  return hashes;
}

/** `require` as Node gives a module: resolves from its file, registers the module as its children's parent. */
function requireOf(module: NodeModule, filename: string): NodeJS.Require {
  const require = createRequire(filename);
  return Object.assign((id: string) => module.require(id), require);
}

/** Inside the module wrapper a `#!` line would be a syntax error; a comment keeps the line numbers. */
function withoutHashbang(content: string): string {
  return content.startsWith('#!') ? `//${content.slice(2)}` : content;
}
