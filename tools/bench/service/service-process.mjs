// The built watermark service, started as a user would (node main.js with
// its environment), its log written to a file, and its RSS and CPU read
// from /proc.
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const SERVICE_MAIN = 'dist/apps/watermark-service/main.js';
/** The bare server `--floor` measures instead (floor-server.mjs). */
export const FLOOR_MAIN = 'tools/bench/service/floor-server.mjs';
const TICKS_PER_SECOND = 100; // USER_HZ on Linux

export function writeStoreConfig(dir, postgresUrl, schema) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'tidemark.yml'),
    [
      `watermarkStore: { type: postgres, url: "${postgresUrl}", schema: ${schema} }`,
      `objectStore: { type: local, directory: ${join(dir, 'objects')} }`,
      `warehouse: { type: postgres, url: "${postgresUrl}" }`,
    ].join('\n'),
  );
}

export class ServiceProcess {
  static async start({ main = SERVICE_MAIN, extraEnv = {}, configDir, port, token, logFile, logLevel, logSample, cpuProfileDir }) {
    const out = openSync(logFile, 'w');
    const profile = cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`, `--cpu-prof-name=watermark-service.${port}.${Date.now()}.cpuprofile`] : [];
    const env = { ...process.env, ...extraEnv, TIDEMARK_CONFIG: configDir, TIDEMARK_API_TOKEN: token, PORT: String(port), HOST: '127.0.0.1' };
    delete env.LOG_LEVEL;
    delete env.TIDEMARK_REQUEST_LOG_SAMPLE;
    if (logLevel) env.LOG_LEVEL = logLevel;
    if (logSample) env.TIDEMARK_REQUEST_LOG_SAMPLE = logSample;
    const child = spawn(process.execPath, [...profile, main], { env, stdio: ['ignore', out, out] });
    closeSync(out);
    const service = new ServiceProcess(child, `http://127.0.0.1:${port}`, logFile);
    await service.waitReady();
    return service;
  }

  constructor(child, url, logFile) {
    this.child = child;
    this.pid = child.pid;
    this.url = url;
    this.logFile = logFile;
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  async waitReady() {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`the service exited with ${this.child.exitCode}:\n${this.logTail()}`);
      const ok = await fetch(`${this.url}/ready`).then((r) => r.ok, () => false);
      if (ok) return;
      await sleep(200);
    }
    throw new Error(`the service was not ready within 60 s:\n${this.logTail()}`);
  }

  /** Resident set size, MiB. */
  rssMb() {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${this.child.pid}/status`, 'utf8'))?.[1];
    return Math.round(Number(kb) / 1024);
  }

  /** User + system CPU seconds so far. */
  cpuSeconds() {
    const fields = readFileSync(`/proc/${this.child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  }

  logLines() {
    return readFileSync(this.logFile, 'utf8').split('\n').filter(Boolean).length;
  }

  logTail() {
    return readFileSync(this.logFile, 'utf8').split('\n').slice(-15).join('\n');
  }

  /** SIGINT, as Ctrl-C would: the service closes the store and exits (and writes its CPU profile). */
  async stop() {
    if (this.child.exitCode === null) this.child.kill('SIGINT');
    return this.exited;
  }
}

/** Samples `read()` every `ms` until stopped: [{ at (s since start), value }]. */
export function sampleEvery(ms, read) {
  const samples = [];
  const started = performance.now();
  const take = () => samples.push({ at: Math.round((performance.now() - started) / 100) / 10, value: read() });
  take();
  const timer = setInterval(take, ms);
  return { samples, stop: () => (clearInterval(timer), take(), samples) };
}
