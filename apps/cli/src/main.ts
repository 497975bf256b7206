#!/usr/bin/env node
import { useCompileCache } from './startup/compile-cache';
import { cliVersion, versionRequested } from './version';

if (versionRequested(process.argv.slice(2))) process.stdout.write(`${cliVersion()}\n`);
else {
  useCompileCache(process.env, process.argv[1] ?? '');
  // Loaded once the cache is in place, so every package it loads is compiled through it.
  void import('./cli').then(({ runCli }) => runCli(process.argv));
}
