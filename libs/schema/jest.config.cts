module.exports = {
  displayName: 'schema',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  coverageDirectory: '../../coverage/libs/schema',
};
