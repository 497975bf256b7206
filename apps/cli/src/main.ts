#!/usr/bin/env node
import { useCompileCache } from './startup/compile-cache';
import { cliVersion, versionRequested } from './version';

/** Node's own require (webpack leaves it alone): loads the program's bundle, cli.js, next to this file. */
declare const __non_webpack_require__: NodeJS.Require;

if (versionRequested(process.argv.slice(2))) process.stdout.write(`${cliVersion()}\n`);
else {
  useCompileCache(process.env, __filename);
  // A bundle of its own (webpack.config.js), loaded once the cache is in place: it is compiled through it too.
  const { runCli } = __non_webpack_require__('./cli.js') as typeof import('./cli');
  void runCli(process.argv);
}
