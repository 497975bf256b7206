module.exports = {
  displayName: 'extractor',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  coverageDirectory: '../../coverage/apps/extractor',
};
