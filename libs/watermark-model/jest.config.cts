module.exports = {
  displayName: 'watermark-model',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  coverageDirectory: '../../coverage/libs/watermark-model',
};
