#!/usr/bin/env node
import { useCompileCache } from './startup/compile-cache';
import { cliVersion, versionRequested } from './version';

/** Node's own require (webpack leaves it alone): loads the program's bundle, cli.js, next to this file. */
declare const __non_webpack_require__: NodeJS.Require;

if (versionRequested(process.argv.slice(2))) process.stdout.write(`${cliVersion()}\n`);
else {
  useCompileCache(process.env, __filename);
  // Once nothing is left to do, exit at once ('exit' listeners still run): ending on its own, Node first tears the
  // V8 heap down page by page, 40 ms of every command (ADR 0053).
  process.once('beforeExit', (code) => process.exit(code));
  // A bundle of its own (webpack.config.js), loaded once the cache is in place: it is compiled through it too.
  const { runCli } = __non_webpack_require__('./cli.js') as typeof import('./cli');
  void runCli(process.argv);
}
