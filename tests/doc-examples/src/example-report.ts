import { BlockPlan } from './block-plan';
import { CodeBlock } from './markdown-blocks';

export interface PlannedBlock {
  block: CodeBlock;
  plan: BlockPlan;
}

const at = (block: CodeBlock) => `${block.doc}:${block.line}`;

/** `doc: command` of every line skipped by a rule: what the spec compares with the acknowledged list. */
export function skippedLines(blocks: PlannedBlock[]): string[] {
  return blocks.flatMap(({ block, plan }) =>
    plan.kind === 'shell' ? plan.lines.filter((l) => l.plan.kind === 'skip').map((l) => `${block.doc}: ${l.text}`) : [],
  );
}

/** Every block the harness cannot handle, and every unknown command line, with its doc line. */
export function unhandled(blocks: PlannedBlock[]): string[] {
  return blocks.flatMap(({ block, plan }) => {
    if (plan.kind === 'problem') return [`${at(block)} ${block.language || 'untagged'} block: ${plan.problem}`];
    if (plan.kind !== 'shell') return [];
    return plan.lines.flatMap((l) =>
      l.plan.kind === 'unknown'
        ? [`${block.doc}:${l.line} \`${l.text}\`: ${l.plan.problem}; mark the block, or add a rule to line-plan.ts`]
        : [],
    );
  });
}

/** What the harness did with each kind of block, for the test output. */
export function describePlans(blocks: PlannedBlock[]): string {
  const of = (kind: BlockPlan['kind']) => blocks.filter((b) => b.plan.kind === kind);
  const lines = (kind: BlockPlan['kind'], detail: (b: PlannedBlock) => string) =>
    of(kind).map((b) => `  ${at(b.block)} ${detail(b)}`);
  const runLines = of('shell').flatMap(({ plan }) => (plan.kind === 'shell' ? plan.lines : []));
  return [
    `doc examples: ${blocks.length} code blocks in ${new Set(blocks.map((b) => b.block.doc)).size} docs`,
    `run: ${of('shell').length} shell blocks, ${runLines.filter((l) => l.plan.kind !== 'skip').length} command lines`,
    'skipped command lines (line-plan.ts SKIP_RULES):',
    ...of('shell').flatMap(({ block, plan }) =>
      plan.kind === 'shell'
        ? plan.lines.flatMap((l) =>
            l.plan.kind === 'skip' ? [`  ${block.doc}:${l.line} \`${l.text}\`: ${l.plan.reason}`] : [],
          )
        : [],
    ),
    'synopses checked against --help:',
    ...lines('synopsis', (b) =>
      b.plan.kind === 'synopsis'
        ? [...new Set(b.plan.entries.map((e) => ['tidemark', ...e.command].join(' ')))].join(', ')
        : '',
    ),
    'files checked (config validate, parsed, own checker):',
    ...lines('files', (b) =>
      b.plan.kind === 'files' ? b.plan.files.map((f) => f.name ?? '(unnamed json)').join(', ') : '',
    ),
    'fragments, only parsed:',
    ...lines('fragment', (b) => (b.plan.kind === 'fragment' ? b.plan.reason : '')),
    'not run (marked):',
    ...lines('not run', (b) => (b.plan.kind === 'not run' ? b.plan.reason : '')),
    `shown only (output, diagrams): ${of('shown')
      .map((b) => at(b.block))
      .join(', ')}`,
  ].join('\n');
}
