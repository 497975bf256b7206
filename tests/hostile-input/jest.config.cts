module.exports = {
  displayName: 'hostile-input',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  coverageDirectory: '../../coverage/tests/hostile-input',
};
