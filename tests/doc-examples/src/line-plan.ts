import { ShellLine } from './shell-lines';
import { commandWords, splitCommands } from './shell-words';

/** What the harness does with one command line of a shell block. */
export type LinePlan =
  /** `tidemark …` / `npm run tidemark -- …`: run with the built CLI in the doc's sandbox. */
  | { kind: 'tidemark' }
  /** `npx nx build PROJECT`: run in the repository root (Nx caches it). */
  | { kind: 'build'; project: string }
  /** `PORT=N node dist/apps/APP/main.js &`: started in the sandbox, ready once /health answers on N, stopped after the doc. */
  | { kind: 'service' }
  /** Not run, for the reason given; the spec asserts the exact set of skipped lines. */
  | { kind: 'skip'; reason: string }
  /** Neither runnable nor skipped by a rule: the example must be marked, or a rule added here. */
  | { kind: 'unknown'; problem: string };

/** Commands that are not run, with why; matched against a command's words. */
export const SKIP_RULES: readonly { command: RegExp; reason: string }[] = [
  {
    command: /^npm (install|ci)\b/,
    reason: 'installs packages into the shared working tree; the test run already has them',
  },
  { command: /^npm run demo$/, reason: 'apps/cli/src/test/readme-demo.e2e.spec.ts runs the demo' },
  { command: /^npm test\b/, reason: 'runs the whole test suite, which runs this harness' },
  { command: /^npx jest\b/, reason: 'runs test files that `npm test` runs anyway' },
];

function planCommand(text: string, line: ShellLine): LinePlan {
  const { env, words } = commandWords(text);
  const command = words.join(' ');
  if (words[0] === 'tidemark' || /^npm run tidemark( --( |$)|$)/.test(command)) {
    return line.background
      ? { kind: 'unknown', problem: 'a tidemark command in the background' }
      : { kind: 'tidemark' };
  }
  const build = /^npx nx build ([\w-]+)$/.exec(command);
  if (build) return { kind: 'build', project: build[1] };
  if (/^node dist\/apps\/[\w-]+\/main\.js$/.test(command)) {
    if (!line.background || !/^\d+$/.test(env['PORT'] ?? '')) {
      return { kind: 'unknown', problem: 'a service is run as `PORT=N node dist/apps/APP/main.js &`' };
    }
    return { kind: 'service' };
  }
  const rule = SKIP_RULES.find((r) => r.command.test(command));
  if (rule) return { kind: 'skip', reason: `${command}: ${rule.reason}` };
  return { kind: 'unknown', problem: `no rule runs or skips \`${command}\`` };
}

export function planLine(line: ShellLine): LinePlan {
  const parts = splitCommands(line.text).map((part) => planCommand(part, line));
  const skipped = parts.filter((p) => p.kind === 'skip');
  if (skipped.length) return { kind: 'skip', reason: skipped.map((p) => p.reason).join('; ') };
  const unknown = parts.find((p) => p.kind === 'unknown');
  if (unknown) return unknown;
  if (parts.length === 1) return parts[0];
  if (parts.every((p) => p.kind === 'tidemark')) return { kind: 'tidemark' };
  return { kind: 'unknown', problem: 'a build or a service must be alone on its line' };
}
