module.exports = {
  displayName: 'timeouts',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  coverageDirectory: '../../coverage/libs/timeouts',
};
