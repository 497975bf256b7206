#!/usr/bin/env node
// Where a Tidemark process spends its main-thread CPU, from V8 profiles that
// `npm run bench -- --cpu-prof DIR` writes (one .cpuprofile per process):
//
//   node tools/bench/cpu-profile-summary.mjs DIR/*.cpuprofile [--top 25]
//
// Prints the self time of the top functions and of each origin (a package in
// node_modules, the CLI bundle, Node's internals) as a share of the samples,
// and how much went to loading packages (anything under a require() made by
// the CLI's entry script).
// "(idle)" is time the main thread waited: for MariaDB, PostgreSQL, S3 or
// DuckDB, whose own threads V8 does not sample.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' } } });
if (!positionals.length) {
  console.error('usage: node tools/bench/cpu-profile-summary.mjs FILE.cpuprofile… [--top N]');
  process.exit(2);
}

function originOf(url) {
  if (!url) return '(V8 / native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return 'node internals';
  return url.replace(/^file:\/\//, '').replace(/^.*\/dist\//, 'dist/');
}

/** Self microseconds per function and per origin, over every profile given. */
function selfTimes(files) {
  const byFunction = new Map();
  const byOrigin = new Map();
  let total = 0;
  const loading = new Map();
  const add = (map, key, us) => map.set(key, (map.get(key) ?? 0) + us);
  for (const file of files) {
    const profile = JSON.parse(readFileSync(file, 'utf8'));
    const nodes = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
    const parents = new Map(profile.nodes.flatMap((n) => (n.children ?? []).map((child) => [child, n.id])));
    // The entry script itself runs under one Module._load; a package it requires runs under a second.
    const underRequire = (id) => {
      let loads = 0;
      for (let at = id; at !== undefined; at = parents.get(at)) if (nodes.get(at).functionName === 'Module._load') loads++;
      return loads >= 2;
    };
    // The package whose code is nearest on the stack: the one being loaded (or loading another).
    const loadedPackage = (id) => {
      for (let at = id; at !== undefined; at = parents.get(at)) {
        const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(nodes.get(at).url);
        if (pkg) return pkg[1];
      }
      return '(the CLI bundle)';
    };
    profile.samples.forEach((id, i) => {
      const us = profile.timeDeltas[i + 1] ?? 0; // a sample lasts until the next one
      const { functionName, url, lineNumber } = nodes.get(id);
      const name = functionName || '(anonymous)';
      const where = url ? `${originOf(url)}:${lineNumber + 1}` : '';
      add(byFunction, `${name}  ${where}`.trim(), us);
      add(byOrigin, name.startsWith('(') ? name : originOf(url), us);
      if (underRequire(id)) add(loading, loadedPackage(id), us);
      total += us;
    });
  }
  return { byFunction, byOrigin, total, loading };
}

const { byFunction, byOrigin, total, loading } = selfTimes(positionals);
const top = (map, n) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n);
const line = ([key, us]) => `${(us / 1e6).toFixed(2).padStart(8)} s ${((100 * us) / total).toFixed(1).padStart(5)} %  ${key}`;
console.log(`${positionals.length} profile(s), ${(total / 1e6).toFixed(2)} s sampled\n`);
const loadingTotal = [...loading.values()].reduce((a, b) => a + b, 0);
console.log(`loading packages (under a require() of the entry script):\n${line(['total', loadingTotal])}`);
for (const entry of top(loading, 8)) console.log(line(entry));
console.log('\nby origin (self time):');
for (const entry of top(byOrigin, 15)) console.log(line(entry));
console.log(`\ntop ${values.top} functions (self time):`);
for (const entry of top(byFunction, Number(values.top))) console.log(line(entry));
