module.exports = {
  displayName: 'extraction',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  coverageDirectory: '../../coverage/libs/extraction',
};
