import { planBlock, PlannedLine } from './block-plan';
import { CliResult, helpTexts } from './cli-binary';
import { DocSandbox, LineOutcome, nxBuild } from './doc-sandbox.fixture';
import { configDirectories, configPath, ExampleFile, exampleFiles } from './example-files';
import { markProblem } from './example-marks';
import { describePlans, PlannedBlock, skippedLines, unhandled } from './example-report';
import { readExampleDocs } from './example-docs';
import { hasNamedCheck, namedFileProblem, validateConfigDirectory } from './file-checks.fixture';
import { syntaxProblem } from './file-syntax';
import { CodeBlock, parseMarkdown } from './markdown-blocks';
import { ROOT } from './repository';
import { synopsisProblems } from './synopsis-check';

/**
 * Every fenced code block of README.md and docs/**.md is run, checked, or
 * marked: the rules are in README "Running the tests" and in the modules
 * imported above.
 */
const DOCS = readExampleDocs(ROOT).map((doc) => ({
  ...doc,
  planned: doc.blocks.map((block): PlannedBlock => ({ block, plan: planBlock(block) })),
}));
const ALL = DOCS.flatMap((d) => d.planned);

/**
 * The command lines skipped by a rule in line-plan.ts, as `doc: command`.
 * A new skipped line fails the spec until it is acknowledged here.
 */
const ACKNOWLEDGED_SKIPS = [
  'README.md: npm install && npm run demo',
  'README.md: npm test',
  'docs/reliability.md: npx jest tests/crash-matrix',
  'docs/reliability.md: npx jest tests/live-writes',
];

const RUN = ['tidemark', 'build', 'service'];
const runs = (line: PlannedLine) => RUN.includes(line.plan.kind);

function lineFailure(block: CodeBlock, line: PlannedLine, outcome: LineOutcome): string {
  return [
    `${block.doc}:${line.line} (\`\`\`${block.language} block at line ${block.line}): \`${line.text}\``,
    `ran: ${outcome.ran}`,
    `exit code ${outcome.status}, expected ${line.expectedExit}`,
    outcome.output,
  ].join('\n');
}

let helps = new Map<string, CliResult>();
const help = (command: string[]) => {
  const text = helps.get(command.join(' '));
  if (!text) throw new Error(`no help was read for \`tidemark ${command.join(' ')}\``);
  return text;
};

function fileProblems(files: ExampleFile[]): string[] {
  return files.flatMap((f) => [syntaxProblem(f), namedFileProblem(f)].filter((p): p is string => !!p));
}

beforeAll(async () => {
  const build = nxBuild('cli');
  if (build.status !== 0) throw new Error(`npx nx build cli failed:\n${build.output}`);
  const synopses = ALL.flatMap(({ plan }) => (plan.kind === 'synopsis' ? plan.entries.map((e) => e.command) : []));
  helps = await helpTexts([[], ...synopses]);
}, 300_000);

afterAll(() => console.log(describePlans(ALL)));

describe('the examples of README.md and docs/', () => {
  it('are each run, checked, or marked: no block or command line the harness cannot handle', () => {
    expect(unhandled(ALL)).toEqual([]);
  });

  it('carry only known example marks, each with its reason, each right before a fence', () => {
    const marks = DOCS.flatMap((d) => [
      ...d.blocks.flatMap((b) => (b.mark ? [{ doc: d.path, mark: b.mark, stray: false }] : [])),
      ...d.strayMarks.map((mark) => ({ doc: d.path, mark, stray: true })),
    ]);
    const problems = marks.flatMap(({ doc, mark, stray }) => {
      const problem = stray ? 'no code block follows this example mark' : markProblem(mark);
      return problem ? [`${doc}:${mark.line}: ${problem}`] : [];
    });
    expect(problems).toEqual([]);
  });

  it('would report a config example that does not validate at its doc line', () => {
    const broken = ['# Broken', '', '```yaml', '# config/pipelines/p.yml', 'connection: nowhere', 'tables:'];
    const [block] = parseMarkdown(
      'docs/broken.md',
      [...broken, '  shop.orders: { strategy: everything }', '```'].join('\n'),
    ).blocks;
    expect(validateConfigDirectory(exampleFiles(block))).toEqual([
      expect.stringMatching(/^docs\/broken.md:5 \(config\/pipelines\/p.yml:2\) connection: .*nowhere/),
      expect.stringMatching(
        /^docs\/broken.md:7 \(config\/pipelines\/p.yml:4\) tables.shop.orders.strategy: must be one of/,
      ),
    ]);
  });

  it('skip exactly the acknowledged command lines', () => {
    expect(skippedLines(ALL).sort()).toEqual([...ACKNOWLEDGED_SKIPS].sort());
  });
});

describe.each(DOCS.filter((d) => d.blocks.length))('$path', ({ path, planned }) => {
  const runsCommands = planned.some(({ plan }) => plan.kind === 'shell' && plan.lines.some(runs));
  let sandbox: DocSandbox | undefined;
  if (runsCommands) {
    beforeAll(async () => {
      sandbox = await DocSandbox.open();
    });
    afterAll(async () => {
      await sandbox?.close();
    });
  }

  // Named files that are not config files, in doc order: written into the sandbox before the shell blocks after them.
  const shownFiles: ExampleFile[] = [];
  for (const { block, plan } of planned) {
    const where = `${path}:${block.line}`;
    if (plan.kind === 'shell' && plan.lines.some(runs)) {
      const filesBefore = [...shownFiles];
      it(`${where} runs its commands in order, each with its expected exit code`, async () => {
        for (const file of filesBefore) (sandbox as DocSandbox).writeExampleFile(file.name as string, file.text);
        for (const line of plan.lines.filter(runs)) {
          const outcome = await (sandbox as DocSandbox).run(line);
          const failure = outcome.status === line.expectedExit ? '' : lineFailure(block, line, outcome);
          expect(failure).toBe('');
        }
      }, 300_000);
    }
    if (plan.kind === 'synopsis') {
      it(`${where} synopsis names only commands and options the CLI has`, () => {
        expect(synopsisProblems(path, plan.entries, help)).toEqual([]);
      });
    }
    if (plan.kind === 'files' && plan.files.some((f) => !configPath(f) || hasNamedCheck(f))) {
      it(`${where} shows files that parse and pass their own checks`, () => {
        expect(fileProblems(plan.files)).toEqual([]);
      });
    }
    if (plan.kind === 'files') shownFiles.push(...plan.files.filter((f) => f.name && !configPath(f)));
    if (plan.kind === 'fragment') {
      it(`${where} YAML fragment parses`, () => {
        expect(syntaxProblem({ text: block.body.join('\n'), line: block.line + 1, block })).toBeUndefined();
      });
    }
  }

  const configFiles = planned.flatMap(({ plan }) =>
    plan.kind === 'files' ? plan.files.filter((f) => configPath(f)) : [],
  );
  for (const files of configDirectories(configFiles)) {
    const lines = [...new Set(files.map((f) => f.line))].join(', ');
    it(`${path}:${lines} config files ${files.map((f) => configPath(f)).join(', ')} pass \`tidemark config validate\``, () => {
      expect([...fileProblems(files), ...validateConfigDirectory(files)]).toEqual([]);
    });
  }
});
