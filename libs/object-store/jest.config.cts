module.exports = {
  displayName: 'object-store',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  coverageDirectory: '../../coverage/libs/object-store',
};
