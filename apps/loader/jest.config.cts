module.exports = {
  displayName: 'loader',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  coverageDirectory: '../../coverage/apps/loader',
};
