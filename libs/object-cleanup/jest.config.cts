module.exports = {
  displayName: 'object-cleanup',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  coverageDirectory: '../../coverage/libs/object-cleanup',
};
