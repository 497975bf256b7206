/**
 * A small Dockerfile reader, enough to check this repository's Dockerfiles
 * without a Docker engine: instructions with their line numbers and
 * `--flags`, grouped into stages.
 */

export interface Instruction {
  keyword: string;
  /** What follows the keyword and its leading `--name=value` flags. */
  args: string;
  flags: Record<string, string>;
  /** 1-based line where the instruction starts. */
  line: number;
}

export interface Stage {
  /** The `AS name`, if any. */
  name?: string;
  image: string;
  instructions: Instruction[];
}

export interface Dockerfile {
  stages: Stage[];
}

const FLAG = /^--([a-z-]+)(?:=(\S*))?\s*/;

/** Splits `text` into words the way a shell would for simple quoting: '…' and "…" group, \ escapes. */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) word += text[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      word ??= '';
    } else if (c === '\\' && i + 1 < text.length) {
      word = (word ?? '') + text[++i];
    } else if (/\s/.test(c)) {
      if (word !== null) words.push(word);
      word = null;
    } else {
      word = (word ?? '') + c;
    }
  }
  if (quote) throw new Error(`unclosed ${quote} in: ${text}`);
  if (word !== null) words.push(word);
  return words;
}

/** Joins continued lines (trailing `\`), drops comments and blank lines. */
function logicalLines(text: string): Array<{ text: string; line: number }> {
  const out: Array<{ text: string; line: number }> = [];
  let current: { text: string; line: number } | null = null;
  text.split('\n').forEach((raw, index) => {
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const continued = trimmed.endsWith('\\');
    const part = continued ? trimmed.slice(0, -1).trim() : trimmed;
    if (current) current.text += ` ${part}`;
    else current = { text: part, line: index + 1 };
    if (!continued) {
      out.push(current);
      current = null;
    }
  });
  if (current) throw new Error(`line ${(current as { line: number }).line}: the last instruction ends with "\\"`);
  return out;
}

function parseInstruction(text: string, line: number): Instruction {
  const match = /^(\S+)\s*(.*)$/.exec(text) as RegExpExecArray;
  let rest = match[2];
  const flags: Record<string, string> = {};
  for (let flag = FLAG.exec(rest); flag; flag = FLAG.exec(rest)) {
    flags[flag[1]] = flag[2] ?? '';
    rest = rest.slice(flag[0].length);
  }
  return { keyword: match[1].toUpperCase(), args: rest.trim(), flags, line };
}

export function parseDockerfile(text: string): Dockerfile {
  const stages: Stage[] = [];
  for (const { text: source, line } of logicalLines(text)) {
    const instruction = parseInstruction(source, line);
    if (instruction.keyword === 'FROM') {
      const [image, as, name, ...extra] = shellWords(instruction.args);
      if (!image || (as !== undefined && (as.toUpperCase() !== 'AS' || !name)) || extra.length > 0) {
        throw new Error(`line ${line}: FROM must be "FROM image [AS name]": ${source}`);
      }
      stages.push({ image, name, instructions: [] });
    } else if (instruction.keyword === 'ARG' && stages.length === 0) {
      continue; // an ARG before the first FROM only parameterizes FROM lines
    } else {
      const stage = stages.at(-1);
      if (!stage) throw new Error(`line ${line}: ${instruction.keyword} before the first FROM`);
      stage.instructions.push(instruction);
    }
  }
  if (stages.length === 0) throw new Error('no FROM instruction');
  return { stages };
}

/** An exec-form (`["a", "b"]`) or shell-form command as the argv Docker runs. */
export function commandArgv(args: string): string[] {
  if (args.startsWith('[')) return JSON.parse(args) as string[];
  return ['/bin/sh', '-c', args];
}

export function finalStage(dockerfile: Dockerfile): Stage {
  return dockerfile.stages[dockerfile.stages.length - 1];
}

export function namedStage(dockerfile: Dockerfile, name: string): Stage {
  const stage = dockerfile.stages.find((s) => s.name === name);
  if (!stage) throw new Error(`no stage named ${name}`);
  return stage;
}

export function instructions(stage: Stage, keyword: string): Instruction[] {
  return stage.instructions.filter((i) => i.keyword === keyword);
}

/** The variables one ENV line sets (`ENV A=1 B="two words"` or the old `ENV A 1`). */
export function instructionEnv({ args }: Instruction): Record<string, string> {
  const words = shellWords(args);
  if (!words[0].includes('=')) return { [words[0]]: args.slice(args.indexOf(words[0]) + words[0].length).trim() };
  return Object.fromEntries(words.map((word) => [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)]));
}

/** The stage's environment after all its ENV lines. */
export function stageEnv(stage: Stage): Record<string, string> {
  return Object.assign({}, ...instructions(stage, 'ENV').map(instructionEnv));
}

/** The user the stage's processes run as: its last USER, else root. */
export function stageUser(stage: Stage): string {
  return instructions(stage, 'USER').at(-1)?.args ?? 'root';
}

export function exposedPorts(stage: Stage): number[] {
  return instructions(stage, 'EXPOSE').flatMap((i) => shellWords(i.args).map((p) => Number(p.split('/')[0])));
}

export interface Healthcheck {
  flags: Record<string, string>;
  argv: string[];
}

/** The stage's HEALTHCHECK command, or none (also for `HEALTHCHECK NONE`). */
export function stageHealthcheck(stage: Stage): Healthcheck | undefined {
  const last = instructions(stage, 'HEALTHCHECK').at(-1);
  if (!last || last.args.toUpperCase() === 'NONE') return undefined;
  const cmd = /^CMD\s+(.*)$/i.exec(last.args);
  if (!cmd) throw new Error(`line ${last.line}: HEALTHCHECK must be "HEALTHCHECK [options] CMD …"`);
  return { flags: last.flags, argv: commandArgv(cmd[1]) };
}

export interface Copy {
  /** The stage copied from, or undefined for the build context. */
  from?: string;
  sources: string[];
  destination: string;
  line: number;
}

export function stageCopies(stage: Stage): Copy[] {
  return stage.instructions
    .filter((i) => i.keyword === 'COPY' || i.keyword === 'ADD')
    .map((i) => {
      const words = i.args.startsWith('[') ? (JSON.parse(i.args) as string[]) : shellWords(i.args);
      if (words.length < 2) throw new Error(`line ${i.line}: ${i.keyword} needs a source and a destination`);
      return { from: i.flags['from'], sources: words.slice(0, -1), destination: words[words.length - 1], line: i.line };
    });
}
