const nxPreset = require('@nx/jest/preset').default;

// SWC instead of ts-jest: type checking happens in `nx build`/lint, tests only
// need fast transpilation with decorator metadata for NestJS and TypeORM.
module.exports = {
  ...nxPreset,
  testEnvironment: 'node',
  globalSetup: require.resolve('./tools/testing/global-setup.js'),
  testTimeout: 120_000,
  transform: {
    '^.+\\.[tj]s$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
};
