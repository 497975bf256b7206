module.exports = {
  displayName: 'watermark-service',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  coverageDirectory: '../../coverage/apps/watermark-service',
};
