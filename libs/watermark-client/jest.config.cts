module.exports = {
  displayName: 'watermark-client',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  coverageDirectory: '../../coverage/libs/watermark-client',
};
