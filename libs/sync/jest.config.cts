module.exports = {
  displayName: 'sync',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  coverageDirectory: '../../coverage/libs/sync',
};
