module.exports = {
  displayName: 'deployment',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  coverageDirectory: '../../coverage/tests/deployment',
};
