import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createProjectFileMapUsingProjectGraph,
  createProjectGraphAsync,
  ProjectGraph,
  workspaceRoot,
} from '@nx/devkit';
import * as ts from 'typescript';

/** The order the diagram draws the layers in, top to bottom (docs/decisions/0022-layers.md). */
export const DRAWN_LAYERS = [
  'layer:app',
  'layer:service',
  'layer:orchestration',
  'layer:stage',
  'layer:adapter',
  'layer:settings',
  'layer:model',
] as const;

export interface LayerProject {
  name: string;
  /** Folder, from the repository root. */
  root: string;
  layer: string;
}

/** Production projects and which of them each one imports (specs and fixtures left out). */
export interface LayerGraph {
  projects: LayerProject[];
  /** [importer, imported], sorted. */
  imports: [string, string][];
}

const TEST_FILE = /\.(spec|fixture)\.ts$/;

function layerOf(tags: string[] = []): string | undefined {
  return tags.find((t) => t.startsWith('layer:'));
}

/** The projects one source file imports (by name). */
export type ImportsOf = (file: string) => string[];

/**
 * The graph as drawn: projects in DRAWN_LAYERS (test suites and testing libs
 * are left out) and the imports written in their production TypeScript
 * files. Nx's own edges also count imports from specs, which would draw a
 * stage as using the adapters its tests set up.
 */
export function layerGraphOf(
  graph: ProjectGraph,
  files: Record<string, { file: string }[]>,
  importsOf: ImportsOf,
): LayerGraph {
  const drawn = new Set<string>(DRAWN_LAYERS);
  const projects = Object.values(graph.nodes)
    .map((node) => ({ name: node.name, root: node.data.root, layer: layerOf(node.data.tags) }))
    .filter((p): p is LayerProject => p.layer !== undefined && drawn.has(p.layer))
    .sort((a, b) => a.name.localeCompare(b.name));
  const names = new Set(projects.map((p) => p.name));
  const imports = new Map<string, [string, string]>();
  for (const { name } of projects) {
    for (const { file } of files[name] ?? []) {
      if (!file.endsWith('.ts') || TEST_FILE.test(file)) continue;
      for (const target of importsOf(file)) {
        if (target !== name && names.has(target)) imports.set(`${name} ${target}`, [name, target]);
      }
    }
  }
  const sorted = [...imports.values()].sort(([a1, b1], [a2, b2]) => a1.localeCompare(a2) || b1.localeCompare(b2));
  return { projects, imports: sorted };
}

/**
 * Reads a file's import specifiers with TypeScript's own scanner and maps
 * the path aliases of tsconfig.base.json (`@tidemark/x`) to the project
 * whose folder holds the aliased file.
 */
function importsFromSource(workspaceRoot: string, graph: ProjectGraph): ImportsOf {
  const base = ts.readConfigFile(join(workspaceRoot, 'tsconfig.base.json'), ts.sys.readFile).config;
  const paths: Record<string, string[]> = base.compilerOptions.paths;
  const roots = Object.values(graph.nodes).map((n) => ({ name: n.name, root: `${n.data.root}/` }));
  const projectOfAlias = new Map<string, string>();
  for (const [alias, [target]] of Object.entries(paths)) {
    const file = target.replace(/^\.\//, '');
    const owner = roots.find((r) => file.startsWith(r.root));
    if (owner) projectOfAlias.set(alias, owner.name);
  }
  return (file) =>
    ts
      .preProcessFile(readFileSync(join(workspaceRoot, file), 'utf8'), true, true)
      .importedFiles.map((i) => projectOfAlias.get(i.fileName))
      .filter((p): p is string => p !== undefined);
}

/** The workspace's layer graph: projects and their files from the Nx project graph (computed without the Nx daemon). */
export async function readLayerGraph(): Promise<LayerGraph> {
  // A test or a script should not leave a daemon running behind it.
  process.env['NX_DAEMON'] ??= 'false';
  const graph = await createProjectGraphAsync({ exitOnError: false });
  const files = await createProjectFileMapUsingProjectGraph(graph);
  return layerGraphOf(graph, files, importsFromSource(workspaceRoot, graph));
}
