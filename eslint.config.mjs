import nx from '@nx/eslint-plugin';

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
      // Apps never import apps; I/O libs may use pure libs; pure libs (cdc,
      // schema, watermark-model) stay free of I/O so they can be unit-tested
      // without servers.
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: ['^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$'],
          depConstraints: [
            // type:testing (real-server fixtures) is imported only by *.spec.ts files.
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:io', 'type:pure', 'type:testing'] },
            { sourceTag: 'type:io', onlyDependOnLibsWithTags: ['type:io', 'type:pure', 'type:testing'] },
            // A testing lib may use another (the Redshift emulator's spec uses the real-server fixtures).
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:io', 'type:pure', 'type:testing'] },
            {
              sourceTag: 'type:pure',
              onlyDependOnLibsWithTags: ['type:pure', 'type:testing'],
              bannedExternalImports: [
                'mysql2', 'mysql2/*', 'pg', 'pg-copy-streams', 'typeorm', '@aws-sdk/*',
                '@duckdb/*', 'ssh2', 'fs', 'node:fs', 'fs/promises', 'node:fs/promises',
                'net', 'node:net', 'http', 'node:http', 'child_process', 'node:child_process',
              ],
            },
          ],
        },
      ],
    },
  },

  {
    files: ['**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.fixture.ts', 'libs/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: '@tidemark/testing', message: 'test fixtures are for *.spec.ts and *.fixture.ts files only' }] },
      ],
    },
  },
];
