module.exports = {
  displayName: 'crash-matrix',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  coverageDirectory: '../../coverage/tests/crash-matrix',
};
