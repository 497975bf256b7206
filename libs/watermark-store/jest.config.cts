module.exports = {
  displayName: 'watermark-store',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  coverageDirectory: '../../coverage/libs/watermark-store',
};
