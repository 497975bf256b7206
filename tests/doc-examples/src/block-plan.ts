import { ExampleFile, exampleFiles } from './example-files';
import { markProblem } from './example-marks';
import { LinePlan, planLine } from './line-plan';
import { CodeBlock } from './markdown-blocks';
import { SHELL_LANGUAGES, ShellLine, shellLines } from './shell-lines';
import { SynopsisEntry, synopsisEntries } from './synopsis';

export interface PlannedLine extends ShellLine {
  plan: LinePlan;
}

/** What the harness does with one code block. */
export type BlockPlan =
  /** Run its command lines in document order. */
  | { kind: 'shell'; lines: PlannedLine[] }
  /** Check each usage against `tidemark … --help`. */
  | { kind: 'synopsis'; entries: SynopsisEntry[] }
  /** Parse each file; validate config files; check files with a known checker. */
  | { kind: 'files'; files: ExampleFile[] }
  /** Parse it as YAML only. */
  | { kind: 'fragment'; reason: string }
  | { kind: 'not run'; reason: string }
  /** Output and diagrams (no language, or `text`): shown, not examples. */
  | { kind: 'shown' }
  /** The harness cannot tell what to do: the block needs a mark or a file name. */
  | { kind: 'problem'; problem: string };

const FILE_LANGUAGES = ['yaml', 'yml', 'json'];
const SHOWN_LANGUAGES = ['', 'text'];

function markedPlan(block: CodeBlock): BlockPlan | undefined {
  const mark = block.mark;
  if (!mark) return undefined;
  const problem = markProblem(mark);
  if (problem) return { kind: 'problem', problem };
  if (mark.kind === 'not run') return { kind: 'not run', reason: mark.reason };
  if (mark.kind === 'synopsis') {
    return SHELL_LANGUAGES.includes(block.language)
      ? { kind: 'synopsis', entries: synopsisEntries(block) }
      : { kind: 'problem', problem: `a synopsis is a shell block (${SHELL_LANGUAGES.join(', ')})` };
  }
  return ['yaml', 'yml'].includes(block.language)
    ? { kind: 'fragment', reason: mark.reason }
    : { kind: 'problem', problem: 'a fragment is a yaml block' };
}

function filesPlan(block: CodeBlock): BlockPlan {
  const files = exampleFiles(block);
  const unnamed = files.find((f) => !f.name);
  if (unnamed && block.language !== 'json') {
    return {
      kind: 'problem',
      problem:
        `line ${unnamed.line}: name the file (\`\`\`yaml config/NAME.yml, or a first line \`# config/NAME.yml\`), ` +
        'or mark the block <!-- example: fragment (REASON) --> or <!-- example: not run (REASON) -->',
    };
  }
  return { kind: 'files', files };
}

export function planBlock(block: CodeBlock): BlockPlan {
  const marked = markedPlan(block);
  if (marked) return marked;
  if (SHELL_LANGUAGES.includes(block.language)) {
    return { kind: 'shell', lines: shellLines(block).map((line) => ({ ...line, plan: planLine(line) })) };
  }
  if (FILE_LANGUAGES.includes(block.language)) return filesPlan(block);
  if (SHOWN_LANGUAGES.includes(block.language)) return { kind: 'shown' };
  return {
    kind: 'problem',
    problem:
      `the harness runs shell blocks and checks yaml and json files; mark this ${block.language} block ` +
      '<!-- example: not run (REASON) -->, or fence it as text if it is output',
  };
}
