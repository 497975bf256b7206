import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ProjectGraph } from '@nx/devkit';
import { END_MARKER, FIX_COMMAND, renderLayers, replaceLayers, START_MARKER } from './layer-diagram';
import { layerGraphOf } from './layer-graph';

function node(name: string, root: string, tags: string[]) {
  return { name, type: 'lib' as const, data: { root, tags } };
}

const graph: ProjectGraph = {
  nodes: {
    cli: node('cli', 'apps/cli', ['layer:app']),
    loading: node('loading', 'libs/loading', ['layer:stage']),
    warehouse: node('warehouse', 'libs/warehouse', ['layer:adapter']),
    errors: node('errors', 'libs/errors', ['layer:model']),
    testing: node('testing', 'libs/testing', ['layer:testing']),
  },
  dependencies: {},
};

const files = {
  cli: [{ file: 'apps/cli/src/main.ts' }],
  loading: [
    { file: 'libs/loading/src/lib/table-loader.ts' },
    { file: 'libs/loading/src/lib/table-loader.spec.ts' },
    { file: 'libs/loading/src/lib/loader.fixture.ts' },
    { file: 'libs/loading/project.json' },
  ],
  warehouse: [{ file: 'libs/warehouse/src/index.ts' }],
  errors: [{ file: 'libs/errors/src/index.ts' }],
  testing: [{ file: 'libs/testing/src/index.ts' }],
};

const importsIn: Record<string, string[]> = {
  'apps/cli/src/main.ts': ['loading', 'loading'],
  'libs/loading/src/lib/table-loader.ts': ['warehouse', 'errors', 'loading'],
  'libs/loading/src/lib/table-loader.spec.ts': ['testing', 'cli'],
  'libs/loading/src/lib/loader.fixture.ts': ['testing'],
  'libs/warehouse/src/index.ts': ['errors'],
  'libs/testing/src/index.ts': ['errors'],
  'libs/errors/src/index.ts': [],
};
const importsOf = (file: string) => {
  if (!(file in importsIn)) throw new Error(`${file} is not a TypeScript file of the example`);
  return importsIn[file];
};

describe('the layer graph', () => {
  it('counts each import once, from production TypeScript files only, and leaves testing libs out', () => {
    expect(layerGraphOf(graph, files, importsOf)).toEqual({
      projects: [
        { name: 'cli', root: 'apps/cli', layer: 'layer:app' },
        { name: 'errors', root: 'libs/errors', layer: 'layer:model' },
        { name: 'loading', root: 'libs/loading', layer: 'layer:stage' },
        { name: 'warehouse', root: 'libs/warehouse', layer: 'layer:adapter' },
      ],
      imports: [
        ['cli', 'loading'],
        ['loading', 'errors'],
        ['loading', 'warehouse'],
        ['warehouse', 'errors'],
      ],
    });
  });

  it('draws one subgraph per layer, leaves arrows into model libs to the table, and lists every import', () => {
    const section = renderLayers(layerGraphOf(graph, files, importsOf));
    expect(section).toContain('  subgraph layer_stage["layer:stage"]\n    loading["loading"]\n  end');
    expect(section).toContain('  loading --> warehouse');
    expect(section).not.toContain('--> errors');
    expect(section).toContain('| layer:stage | [loading](../libs/loading) | errors, warehouse |');
    expect(section).toContain('| layer:model | [errors](../libs/errors) | (none) |');
  });
});

describe('replaceLayers', () => {
  it('replaces the section between the markers and keeps the text around it', () => {
    const doc = `# A\n\n${START_MARKER}\nold\n${END_MARKER}\n\n## B\n`;
    expect(replaceLayers(doc, `${START_MARKER}\nnew\n${END_MARKER}`)).toBe(
      `# A\n\n${START_MARKER}\nnew\n${END_MARKER}\n\n## B\n`,
    );
  });

  it('names the markers and the command when the document has no section', () => {
    expect(() => replaceLayers('# A\n', 'x')).toThrow(`${START_MARKER}\n${END_MARKER}`);
    expect(() => replaceLayers('# A\n', 'x')).toThrow(FIX_COMMAND);
  });
});

describe('docs/architecture.md', () => {
  // In a process of its own: building the Nx project graph leaves handles (plugin workers) a jest worker cannot close.
  it('has the layers section the Nx project graph gives', () => {
    const generator = join(__dirname, 'generate.ts');
    const run = spawnSync(process.execPath, ['-r', '@swc-node/register', generator, '--check'], {
      cwd: join(__dirname, '..', '..', '..'),
      encoding: 'utf8',
      env: { ...process.env, NX_DAEMON: 'false' },
    });
    if (run.status !== 0) throw new Error(run.stderr.trim() || `${generator} --check failed (status ${run.status})`);
    expect(run.stdout).toContain('the layers section is up to date');
  });
});
