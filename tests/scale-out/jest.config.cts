module.exports = {
  displayName: 'scale-out',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  coverageDirectory: '../../coverage/tests/scale-out',
};
