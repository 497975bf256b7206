module.exports = {
  displayName: 'errors',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  coverageDirectory: '../../coverage/libs/errors',
};
