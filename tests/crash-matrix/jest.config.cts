module.exports = {
  displayName: 'crash-matrix',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  // The preset's setup (servers) plus one build of the CLI for both spec files.
  globalSetup: '<rootDir>/global-setup.cjs',
  coverageDirectory: '../../coverage/tests/crash-matrix',
};
