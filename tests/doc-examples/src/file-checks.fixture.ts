import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { writeExampleConfig } from '@tidemark/config';
import { makeTempDir } from '@tidemark/testing';
import { runCli } from './cli-binary';
import { configPath, docLineOf, ExampleFile, requiredVariables } from './example-files';
import { ROOT } from './repository';

/** What the files a config names (`knownHostsPath: keys/known_hosts`) hold in the check. */
const REFERENCED_FILES: Record<string, string> = {
  knownHostsPath: 'bastion.example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDocExampleHostKeyOnly\n',
  privateKeyPath: '(a private key: never read by config validate)\n',
};

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

interface ValidateJson {
  valid: boolean;
  problems?: { file: string; line: number; key: string; message: string }[];
}

/**
 * `tidemark config validate` on a config directory made of `tidemark init`'s
 * files with the examples' files written over them. Every `${NAME}` the
 * examples need is set to a dummy value (and nothing else is set), and the
 * files they name with knownHostsPath/privateKeyPath exist. Returns the
 * problems, each at its doc line; [] when the config is valid.
 */
export function validateConfigDirectory(files: ExampleFile[]): string[] {
  const temp = makeTempDir('tidemark-doc-config-');
  try {
    const config = join(temp.path, 'config');
    writeExampleConfig(config);
    for (const file of files) {
      write(join(config, configPath(file) ?? ''), file.text);
      for (const [key, text] of Object.entries(REFERENCED_FILES)) {
        for (const m of file.text.matchAll(new RegExp(`^\\s*${key}:\\s*['"]?([^'"#\\s]+)`, 'gm'))) {
          write(join(temp.path, m[1]), text);
        }
      }
    }
    const variables = files.flatMap((f) => requiredVariables(f.text));
    const env = Object.fromEntries(variables.map((name) => [name, `${name}-doc-example-value`]));
    const run = runCli(['--config', config, 'config', 'validate', '--json'], { PATH: process.env['PATH'], ...env });
    let result: ValidateJson;
    try {
      result = JSON.parse(run.stdout) as ValidateJson;
    } catch {
      return [`config validate exited ${run.status} without a JSON result:\n${run.stdout}${run.stderr}`];
    }
    if (result.valid && run.status === 0) return [];
    return (result.problems ?? [{ file: '?', line: 0, key: '?', message: run.stderr }]).map((p) => {
      const path = relative(config, p.file);
      const where = docLineOf(files, path, p.line) ?? `tidemark init's config/${path}:${p.line}`;
      return `${where} (config/${path}:${p.line}) ${p.key}: ${p.message}`;
    });
  } finally {
    temp.remove();
  }
}

/** Files with a checker of their own: the check's problem, or undefined. */
const NAMED_FILE_CHECKS: Record<string, (path: string) => string | undefined> = {
  // The audit check reads the allow-list before anything else; an empty report makes the rest pass.
  'tools/audit/allow-list.json': (path) => {
    const report = join(dirname(path), 'empty-audit-report.json');
    writeFileSync(report, JSON.stringify({ auditReportVersion: 2, vulnerabilities: {} }));
    const run = spawnSync('node', ['tools/audit/check.mjs', '--report', report, '--allow-list', path], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    return run.status === 0
      ? undefined
      : `tools/audit/check.mjs refused it (exit ${run.status}): ${run.stdout}${run.stderr}`;
  },
};

export function hasNamedCheck(file: ExampleFile): boolean {
  return !!file.name && file.name in NAMED_FILE_CHECKS;
}

/** Runs the named file's own checker on the example's text. */
export function namedFileProblem(file: ExampleFile): string | undefined {
  const check = file.name ? NAMED_FILE_CHECKS[file.name] : undefined;
  if (!check) return undefined;
  const temp = makeTempDir('tidemark-doc-file-');
  try {
    const path = join(temp.path, 'example', file.name ?? '');
    write(path, file.text);
    const problem = check(path);
    return problem && `${file.block.doc}:${file.line} (${file.name}): ${problem}`;
  } finally {
    temp.remove();
  }
}
