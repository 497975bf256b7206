module.exports = {
  displayName: 'doc-examples',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  coverageDirectory: '../../coverage/tests/doc-examples',
};
