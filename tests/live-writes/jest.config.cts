module.exports = {
  displayName: 'live-writes',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  coverageDirectory: '../../coverage/tests/live-writes',
};
