import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nx from '@nx/eslint-plugin';

// Layers (docs/decisions/0022-layers.md): each project.json carries one
// `layer:*` tag, and a project may import only the layers listed here. Every
// layer may also import layer:testing, from specs and fixtures only (the
// no-restricted-imports block below).
const MAY_IMPORT = {
  'layer:model': ['layer:model'],
  'layer:settings': ['layer:model'],
  'layer:adapter': ['layer:model'],
  'layer:stage': ['layer:model', 'layer:settings', 'layer:adapter'],
  'layer:orchestration': ['layer:model', 'layer:settings', 'layer:adapter', 'layer:stage', 'layer:orchestration'],
  'layer:service': ['layer:model', 'layer:settings'],
  'layer:app': ['layer:model', 'layer:settings', 'layer:adapter', 'layer:stage', 'layer:orchestration', 'layer:service'],
  'layer:suite': ['layer:model', 'layer:settings', 'layer:adapter', 'layer:stage', 'layer:orchestration', 'layer:service'],
  'layer:testing': ['layer:model', 'layer:adapter'],
};

// Model libs must stay unit-testable without servers: no drivers, no clients,
// no file system or sockets (their specs may read fixtures).
const IO_PACKAGES = ['mysql2', 'mysql2/*', 'pg', 'pg-copy-streams', 'typeorm', '@aws-sdk/*', '@duckdb/*', 'ssh2', 'better-sqlite3'];
// enforce-module-boundaries does not see Node's built-in modules, so these go to no-restricted-imports.
const IO_BUILTINS = ['fs', 'fs/promises', 'net', 'http', 'https', 'tls', 'dgram', 'child_process'].flatMap((m) => [m, `node:${m}`]);

const root = dirname(fileURLToPath(import.meta.url));
const projects = ['apps', 'libs', 'tests', 'tools'].flatMap((group) =>
  readdirSync(join(root, group), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, group, d.name, 'project.json')))
    .map((d) => {
      const project = JSON.parse(readFileSync(join(root, group, d.name, 'project.json'), 'utf8'));
      return { name: project.name, dir: join(root, group, d.name), tags: project.tags ?? [] };
    }),
);
const tagged = (tag) => projects.filter((p) => p.tags.includes(tag));
const testingImports = tagged('layer:testing').map((p) => ({
  name: `@tidemark/${p.name}`,
  message: 'test fixtures are for *.spec.ts and *.fixture.ts files only',
}));

const SPECS_AND_FIXTURES = ['**/*.spec.ts', '**/*.fixture.ts'];

/** A project's production files (basePath: the root config is loaded from each project's eslint.config.mjs). */
const productionFiles = (project, restricted) => ({
  basePath: project.dir,
  files: ['**/*.ts'],
  ignores: SPECS_AND_FIXTURES,
  rules: { 'no-restricted-imports': ['error', { paths: restricted }] },
});

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: ['**/dist', '**/out-tsc', '**/node_modules'],
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.jsx'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: ['^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$'],
          depConstraints: Object.entries(MAY_IMPORT).map(([sourceTag, layers]) => ({
            sourceTag,
            onlyDependOnLibsWithTags: [...layers, 'layer:testing'],
            ...(sourceTag === 'layer:model' ? { bannedExternalImports: IO_PACKAGES } : {}),
          })),
        },
      ],
    },
  },
  ...projects
    .filter((p) => !p.tags.includes('layer:testing'))
    .map((p) =>
      productionFiles(p, [
        ...testingImports,
        ...(p.tags.includes('layer:model')
          ? IO_BUILTINS.map((name) => ({ name, message: 'a model lib does no I/O: an adapter reads and writes' }))
          : []),
      ]),
    ),
];
