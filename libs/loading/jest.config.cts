module.exports = {
  displayName: 'loading',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  coverageDirectory: '../../coverage/libs/loading',
};
