module.exports = {
  displayName: 'architecture',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  coverageDirectory: '../../coverage/tools/architecture',
};
