module.exports = {
  displayName: 'object-keys',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  coverageDirectory: '../../coverage/libs/object-keys',
};
