import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../../../..');

export type ServiceApp = 'extractor' | 'loader' | 'watermark-service';

export const mainJs = (app: ServiceApp) => join(ROOT, `dist/apps/${app}/main.js`);

/** Runs a service that is expected to stop by itself; its exit code and everything it printed. */
export async function runUntilExit(app: ServiceApp, env: NodeJS.ProcessEnv, timeoutMs = 60_000) {
  const child = spawn('node', [mainJs(app)], { env: { ...process.env, ...env } });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return { code, output };
}

export type LogLine = Record<string, unknown> & { level: string; msg: string; service: string };

/** Every line a service printed, parsed; a line that is not a JSON object fails with the line itself. */
export function logLines(output: string): LogLine[] {
  return output
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        throw new Error(`not a JSON log line: ${line}`);
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw new Error(`not a JSON object: ${line}`);
      }
      return parsed as LogLine;
    });
}

/**
 * The first log line of `service` that `matches`, waiting for it: a request
 * is logged when its response is sent, so its line may reach the pipe just
 * after the client has the answer.
 */
export async function waitForLogLine(service: { log: string }, matches: (line: LogLine) => boolean, timeoutMs = 5_000) {
  for (const deadline = Date.now() + timeoutMs; ; ) {
    const found = logLines(service.log).find(matches);
    if (found || Date.now() > deadline) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
}

// --- Prometheus text format ---------------------------------------------------

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Scrape {
  /** `# HELP` text by metric name. */
  help: Map<string, string>;
  /** `# TYPE` by metric name: counter, gauge, histogram… */
  types: Map<string, string>;
  samples: Sample[];
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** The exposition text of GET /metrics; a line it cannot read fails with the line. */
export function parseScrape(text: string): Scrape {
  const scrape: Scrape = { help: new Map(), types: new Map(), samples: [] };
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const comment = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
    if (comment) {
      (comment[1] === 'HELP' ? scrape.help : scrape.types).set(comment[2], comment[3]);
      continue;
    }
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels = Object.fromEntries([...(m[2] ?? '').matchAll(LABEL)].map(([, k, v]) => [k, v]));
    scrape.samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return scrape;
}

/** The value of the one sample of `name` whose labels include `labels`; undefined when there is none. */
export function sampleValue(scrape: Scrape, name: string, labels: Record<string, string> = {}): number | undefined {
  const found = scrape.samples.filter(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return found[0]?.value;
}

/** GET /metrics of a service, parsed; fails on any status but 200. */
export async function scrape(url: string, headers: Record<string, string> = {}): Promise<Scrape> {
  const response = await fetch(`${url}/metrics`, { headers });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET /metrics answered ${response.status}: ${text}`);
  return parseScrape(text);
}

export async function getJson<T = Record<string, unknown>>(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers });
  return { status: response.status, body: (await response.json()) as T };
}
