module.exports = {
  displayName: 'service-kit',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  coverageDirectory: '../../coverage/libs/service-kit',
};
