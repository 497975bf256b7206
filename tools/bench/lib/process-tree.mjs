// Runs a process and measures it: wall and CPU seconds, and the peak of the
// summed resident memory of it and every process it starts (polled from
// /proc), so a `mariadb | psql` pipe is measured as a whole, like a Tidemark
// process.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PAGE_BYTES = 4096;
const POLL_MS = 50;
const GNU_TIME = '/usr/bin/time';
const running = new Set();
let stopSignal = null;

/** pid → { ppid, rssBytes } for every process visible in /proc. */
function processTable() {
  const table = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    // Fields after the command name, which is in parentheses and may hold spaces: state is field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    table.set(Number(entry), { ppid: Number(fields[4 - 3]), rssBytes: Number(fields[24 - 3]) * PAGE_BYTES });
  }
  return table;
}

/** `roots` and all their descendants, with their RSS. */
function tree(roots) {
  const table = processTable();
  const children = new Map();
  for (const [pid, { ppid }] of table) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const found = new Map();
  const todo = [...roots];
  while (todo.length) {
    const pid = todo.pop();
    if (found.has(pid) || !table.has(pid)) continue;
    found.set(pid, table.get(pid).rssBytes);
    todo.push(...(children.get(pid) ?? []));
  }
  return found;
}

/** Summed RSS of `root`'s descendants, and of `root` itself unless `withoutRoot`, in bytes. */
function treeRssBytes(root, withoutRoot) {
  let total = 0;
  for (const [pid, rss] of tree([root])) if (!(withoutRoot && pid === root)) total += rss;
  return total;
}

/** Ends the measured processes and all they started (and refuses new ones): the benchmark fails and cleans up. */
export function stopMeasuredProcesses(signal) {
  stopSignal = signal;
  for (const pid of tree([...running].map((child) => child.pid)).keys()) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

/** User + system seconds from GNU time's `-f '%U %S'` output file. */
/** GNU time's `%U %S %M`: CPU seconds, and the largest single process's peak RSS in bytes. */
function timeOutputOf(file) {
  const [user, system, maxRssKb] = readFileSync(file, 'utf8').trim().split(' ').map(Number);
  return { cpuSeconds: Math.round((user + system) * 100) / 100, maxRssBytes: maxRssKb * 1024 };
}

/**
 * Runs one command ({ file, args, stdout?, env? }; stdout may be a file
 * descriptor) and waits for it. Resolves with { seconds, cpuSeconds,
 * peakRssMb, code, stdout, stderr }; CPU time (user + system, from GNU time,
 * null without it) and peak RSS cover the command and everything it starts.
 * On a busy machine CPU seconds vary much less than wall seconds.
 */
export async function runMeasured({ file, args, stdout = 'pipe', env = {} }) {
  if (stopSignal) throw new Error(`stopped by ${stopSignal}`);
  const timeDir = existsSync(GNU_TIME) ? mkdtempSync(join(tmpdir(), 'bench-time-')) : null;
  const timed = timeDir ? [GNU_TIME, ['-f', '%U %S %M', '-o', join(timeDir, 'cpu'), file, ...args]] : [file, args];
  const started = performance.now();
  const child = spawn(...timed, { stdio: ['ignore', stdout, 'pipe'], env: { ...process.env, ...env } });
  running.add(child);
  let out = '';
  let err = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  let peak = 0;
  // GNU time's own memory is not the command's.
  const poll = () => (peak = Math.max(peak, treeRssBytes(child.pid, Boolean(timeDir))));
  const poller = setInterval(poll, POLL_MS);
  poll();
  const [code, signal] = await once(child, 'close');
  clearInterval(poller);
  running.delete(child);
  const seconds = (performance.now() - started) / 1000;
  const timing = timeDir && code === 0 ? timeOutputOf(join(timeDir, 'cpu')) : null;
  if (timeDir) rmSync(timeDir, { recursive: true, force: true });
  // A command quicker than the poll (a raw extract of the quick size takes ~50 ms) is seen by GNU time alone.
  if (timing) peak = Math.max(peak, timing.maxRssBytes);
  const cpuSeconds = timing?.cpuSeconds ?? null;
  return { seconds, cpuSeconds, peakRssMb: Math.round(peak / 2 ** 20), code: code ?? signal, stdout: out, stderr: err };
}
