module.exports = {
  displayName: 'verify',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  coverageDirectory: '../../coverage/libs/verify',
};
